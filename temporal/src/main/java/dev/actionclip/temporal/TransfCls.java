package dev.actionclip.temporal;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * ActionCLIP's {@code Transf_cls} ({@code TAggregate}): prepends a learned cls token, adds {@code pos_embed}
 * [1, T+1, D], runs {@code nn.TransformerEncoder} (post-norm layers: x = norm1(x + attn(x)),
 * x = norm2(x + linear2(relu(linear1(x)))), eps 1e-5) with a final LayerNorm, and returns the cls position.
 * ActionCLIP builds the layers with 8 heads; the feed-forward width comes from the weights.
 */
public final class TransfCls extends ParamHead {
    /** {@code nn.LayerNorm}'s default. */
    static final double EPS = 1e-5;

    private final long width;
    private final int heads;
    private final Tensor cls;
    private final Tensor pos;
    private final Tensor normW;
    private final Tensor normB;
    private final List<Layer> layers = new ArrayList<>();

    private static final class Layer {
        Tensor inW, inB, outW, outB, l1W, l1B, l2W, l2B, n1W, n1B, n2W, n2B;
    }

    TransfCls(long width, int heads, int numLayers, long feedForward, long clipLength, long frameTable, Init init) {
        super(FusionHeads.TRANSF_CLS);
        FusionHeads.checkHeads(FusionHeads.TRANSF_CLS, width, heads);
        this.width = width;
        this.heads = heads;
        // Registered (and saved) by visual_prompt for this head too, but never read by it.
        p("frame_position_embeddings.weight", init, Init.Kind.NORMAL_02, frameTable, width);
        cls = p("transformer.cls_token", init, Init.Kind.NORMAL_02, 1, 1, width);
        pos = p("transformer.pos_embed", init, Init.Kind.NORMAL_02, 1, clipLength + 1, width);
        for (int i = 0; i < numLayers; i++) {
        String pre = "transformer.transformer_enc.layers." + i + ".";
        Layer l = new Layer();
        l.inW = p(pre + "self_attn.in_proj_weight", init, Init.Kind.XAVIER, 3 * width, width);
        l.inB = p(pre + "self_attn.in_proj_bias", init, Init.Kind.ZEROS, 3 * width);
        l.outW = p(pre + "self_attn.out_proj.weight", init, Init.Kind.NORMAL_02, width, width);
        l.outB = p(pre + "self_attn.out_proj.bias", init, Init.Kind.ZEROS, width);
        l.l1W = p(pre + "linear1.weight", init, Init.Kind.NORMAL_02, feedForward, width);
        l.l1B = p(pre + "linear1.bias", init, Init.Kind.ZEROS, feedForward);
        l.l2W = p(pre + "linear2.weight", init, Init.Kind.NORMAL_02, width, feedForward);
        l.l2B = p(pre + "linear2.bias", init, Init.Kind.ZEROS, width);
        l.n1W = p(pre + "norm1.weight", init, Init.Kind.ONES, width);
        l.n1B = p(pre + "norm1.bias", init, Init.Kind.ZEROS, width);
        l.n2W = p(pre + "norm2.weight", init, Init.Kind.ONES, width);
        l.n2B = p(pre + "norm2.bias", init, Init.Kind.ZEROS, width);
        layers.add(l);
        }
        normW = p("transformer.transformer_enc.norm.weight", init, Init.Kind.ONES, width);
        normB = p("transformer.transformer_enc.norm.bias", init, Init.Kind.ZEROS, width);
    }

    private Tensor p(String name, Init init, Init.Kind kind, long... shape) {
        return param(name, init.make(name, shape, kind));
    }

    @Override
    Tensor compute(Tensor x) {
        long b = x.size(0);
        long t = x.size(1);
        Tensor y = torch.cat(new TensorVector(cls.expand(b, -1, -1), x), 1);
        y = y.add(pos.narrow(1, 0, t + 1)); // ActionCLIP trains at T = clip length; fewer frames use a prefix
        for (Layer l : layers) {
            y = Ops.layerNorm(y.add(Ops.selfAttention(y, l.inW, l.inB, l.outW, l.outB, heads)), l.n1W, l.n1B, EPS);
            Tensor ff = Ops.linear(Ops.linear(y, l.l1W, l.l1B).relu(), l.l2W, l.l2B);
            y = Ops.layerNorm(y.add(ff), l.n2W, l.n2B, EPS);
        }
        return Ops.layerNorm(y, normW, normB, EPS).select(1, 0).contiguous();
    }

    /** Attention heads per layer (ActionCLIP: 8). */
    public int heads() {
        return heads;
    }

    /** Number of encoder layers. */
    public int layers() {
        return layers.size();
    }

    @Override
    public long width() {
        return width;
    }

    @Override
    public int maxFrames() {
        return Math.toIntExact(pos.size(1) - 1);
    }
}
