package dev.actionclip.temporal;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** The functional pieces the heads share. Inputs are batch-first [B, L, D]. */
final class Ops {
    private Ops() {
    }

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return torch.linear(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias));
    }

    static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return torch.layer_norm(x, new long[] {weight.size(0)}, new TensorOptional(weight), new TensorOptional(bias),
                eps, false);
    }

    /** CLIP's QuickGELU, x * sigmoid(1.702 x). */
    static Tensor quickGelu(Tensor x) {
        return x.mul(x.mul(new org.bytedeco.pytorch.Scalar(1.702)).sigmoid());
    }

    /**
     * {@code nn.MultiheadAttention} self-attention without masks: packed in-projection [3D, D], {@code heads}
     * heads of width D / heads, output projection. Sequence-first or batch-first layouts give the same numbers
     * (attention is per batch element), so this takes [B, L, D].
     */
    static Tensor selfAttention(Tensor x, Tensor inW, Tensor inB, Tensor outW, Tensor outB, int heads) {
        long b = x.size(0);
        long l = x.size(1);
        long d = x.size(2);
        long hd = d / heads;
        TensorVector qkv = linear(x, inW, inB).chunk(3, -1);
        Tensor q = qkv.get(0).reshape(b, l, heads, hd).transpose(1, 2);
        Tensor k = qkv.get(1).reshape(b, l, heads, hd).transpose(1, 2);
        Tensor v = qkv.get(2).reshape(b, l, heads, hd).transpose(1, 2);
        Tensor a = torch.scaled_dot_product_attention(q, k, v); // softmax(q k^T / sqrt(hd)) v
        return linear(a.transpose(1, 2).reshape(b, l, d), outW, outB);
    }

    static Tensor meanOverTime(Tensor x) {
        return x.mean(new long[] {1}, false, (org.bytedeco.pytorch.ScalarTypeOptional) null);
    }
}
