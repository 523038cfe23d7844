package dev.actionclip.clip;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Self-attention with PyTorch's {@code nn.MultiheadAttention} parameter layout ({@code in_proj_weight} [3W, W],
 * {@code in_proj_bias} [3W], {@code out_proj.weight/bias}), so OpenAI checkpoints load by name. Works
 * batch-first ([N, L, W]) and uses LibTorch's fused scaled-dot-product attention in float32. In bf16 on the CPU
 * that kernel is 20x slower than two matmuls (measured with scripts/profile-tower: 29 vs 1.3 ms per ViT-B/32 frame,
 * 39 % of the bf16 tower), so there the attention is written out, with the softmax computed in float32.
 */
public final class MultiheadAttention extends Module {
    private final Tensor inProjWeight;
    private final Tensor inProjBias;
    private final LinearImpl outProj;
    private final long width;
    private final long heads;

    /** @param layers depth of the tower, used only by the random initialisation scale */
    public MultiheadAttention(long width, long heads, int layers) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " not divisible by " + heads + " heads");
        }
        this.width = width;
        this.heads = heads;
        double attnStd = Math.pow(width, -0.5);
        this.inProjWeight = Init.param(this, "in_proj_weight", Init.normal(attnStd, 3 * width, width));
        this.inProjBias = Init.param(this, "in_proj_bias", Init.zeros(3 * width));
        this.outProj = register_module("out_proj", new LinearImpl(width, width));
        try (Tensor w = outProj.weight(); Tensor b = outProj.bias();
             org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
            w.normal_(0, attnStd * Math.pow(2.0 * layers, -0.5), new org.bytedeco.pytorch.GeneratorOptional());
            b.zero_();
        }
    }

    /** @param x [N, L, W]; {@code causal} masks attention to later positions (the text tower) */
    public Tensor forward(Tensor x, boolean causal) {
        long n = x.size(0);
        long l = x.size(1);
        Tensor qkv = torch.linear(x, inProjWeight, new TensorOptional(inProjBias))
                .reshape(n, l, 3, heads, width / heads).permute(2, 0, 3, 1, 4); // [3, N, H, L, D]
        Tensor q = qkv.select(0, 0);
        Tensor k = qkv.select(0, 1);
        Tensor v = qkv.select(0, 2);
        Tensor attended;
        if (causal || !x.device().is_cpu() || x.scalar_type().intern() != ScalarType.BFloat16) {
            attended = torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, causal,
                    new DoubleOptional(), false);
        } else {
            try (Scalar scale = new Scalar(1.0 / Math.sqrt((double) (width / heads)))) {
                Tensor weights = torch.softmax(q.matmul(k.transpose(-2, -1)).mul(scale), -1,
                        new ScalarTypeOptional(ScalarType.Float));
                attended = weights.to(ScalarType.BFloat16).matmul(v);
            }
        }
        return outProj.forward(attended.transpose(1, 2).reshape(n, l, width));
    }
}
