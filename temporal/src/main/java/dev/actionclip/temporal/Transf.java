package dev.actionclip.temporal;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * ActionCLIP's {@code Transf}: adds learned frame position embeddings, runs a {@code TemporalTransformer}
 * (CLIP-style pre-norm residual attention blocks with ActionCLIP's LayerNorm, eps 1e-12, and QuickGELU), adds
 * the original input back and averages over time.
 */
public final class Transf extends ParamHead {
    /** ActionCLIP's own TF-style LayerNorm in the temporal transformer. */
    static final double EPS = 1e-12;

    private final long width;
    private final int heads;
    private final Tensor positions;
    private final List<Block> blocks = new ArrayList<>();

    /** One {@code ResidualAttentionBlock}: x + attn(ln_1(x)); x + mlp(ln_2(x)). */
    private static final class Block {
        Tensor ln1W, ln1B, inW, inB, outW, outB, ln2W, ln2B, fcW, fcB, projW, projB;
    }

    Transf(long width, int heads, int layers, long hidden, long frameTable, Init init) {
        super(FusionHeads.TRANSF);
        FusionHeads.checkHeads(FusionHeads.TRANSF, width, heads);
        this.width = width;
        this.heads = heads;
        positions = p("frame_position_embeddings.weight", init, Init.Kind.NORMAL_02, frameTable, width);
        for (int i = 0; i < layers; i++) {
        String pre = "transformer.resblocks." + i + ".";
        Block b = new Block();
        b.inW = p(pre + "attn.in_proj_weight", init, Init.Kind.XAVIER, 3 * width, width);
        b.inB = p(pre + "attn.in_proj_bias", init, Init.Kind.ZEROS, 3 * width);
        b.outW = p(pre + "attn.out_proj.weight", init, Init.Kind.NORMAL_02, width, width);
        b.outB = p(pre + "attn.out_proj.bias", init, Init.Kind.ZEROS, width);
        b.ln1W = p(pre + "ln_1.weight", init, Init.Kind.ONES, width);
        b.ln1B = p(pre + "ln_1.bias", init, Init.Kind.ZEROS, width);
        b.ln2W = p(pre + "ln_2.weight", init, Init.Kind.ONES, width);
        b.ln2B = p(pre + "ln_2.bias", init, Init.Kind.ZEROS, width);
        b.fcW = p(pre + "mlp.c_fc.weight", init, Init.Kind.NORMAL_02, hidden, width);
        b.fcB = p(pre + "mlp.c_fc.bias", init, Init.Kind.ZEROS, hidden);
        b.projW = p(pre + "mlp.c_proj.weight", init, Init.Kind.NORMAL_02, width, hidden);
        b.projB = p(pre + "mlp.c_proj.bias", init, Init.Kind.ZEROS, width);
        blocks.add(b);
        }
    }

    private Tensor p(String name, Init init, Init.Kind kind, long... shape) {
        return param(name, init.make(name, shape, kind));
    }

    @Override
    Tensor compute(Tensor x) {
        long t = x.size(1);
        Tensor y = x.add(positions.narrow(0, 0, t)); // frame_position_embeddings(arange(T)), broadcast over B
        for (Block b : blocks) {
            Tensor h = Ops.layerNorm(y, b.ln1W, b.ln1B, EPS);
            y = y.add(Ops.selfAttention(h, b.inW, b.inB, b.outW, b.outB, heads));
            h = Ops.layerNorm(y, b.ln2W, b.ln2B, EPS);
            y = y.add(Ops.linear(Ops.quickGelu(Ops.linear(h, b.fcW, b.fcB)), b.projW, b.projB));
        }
        return Ops.meanOverTime(y.add(x));
    }

    /** Attention heads (not stored in the weights; ActionCLIP uses the CLIP text width / 64). */
    public int heads() {
        return heads;
    }

    /** Number of residual attention blocks. */
    public int layers() {
        return blocks.size();
    }

    @Override
    public long width() {
        return width;
    }

    @Override
    public int maxFrames() {
        return Math.toIntExact(Math.min(Integer.MAX_VALUE, positions.size(0)));
    }
}
