package dev.actionclip.clip;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** Pre-norm transformer block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}. */
public final class ResidualAttentionBlock extends Module {
    private final MultiheadAttention attn;
    private final LayerNorm ln1;
    private final Mlp mlp;
    private final LayerNorm ln2;
    private final boolean causal;

    public ResidualAttentionBlock(int width, int heads, int mlpRatio, double eps, boolean quickGelu, boolean causal,
                                  int layers) {
        this.causal = causal;
        this.attn = register_module("attn", new MultiheadAttention(width, heads, layers));
        this.ln1 = register_module("ln_1", new LayerNorm(width, eps));
        this.mlp = register_module("mlp", new Mlp(width, (long) width * mlpRatio, quickGelu, layers));
        this.ln2 = register_module("ln_2", new LayerNorm(width, eps));
    }

    /** @param x [N, L, W] */
    public Tensor forward(Tensor x) {
        x = x.add(attn.forward(ln1.forward(x), causal));
        return x.add(mlp.forward(ln2.forward(x)));
    }
}
