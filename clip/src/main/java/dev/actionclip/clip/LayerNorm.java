package dev.actionclip.clip;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * LayerNorm over the last dimension, computed in float32 and cast back to the input's type — as OpenAI's
 * {@code LayerNorm} subclass does, so half-precision models keep stable statistics. Parameters
 * {@code weight}, {@code bias}.
 */
public final class LayerNorm extends Module {
    private final Tensor weight;
    private final Tensor bias;
    private final long width;
    private final double eps;

    public LayerNorm(long width, double eps) {
        this.width = width;
        this.eps = eps;
        this.weight = Init.param(this, "weight", Init.ones(width));
        this.bias = Init.param(this, "bias", Init.zeros(width));
    }

    public Tensor forward(Tensor x) {
        ScalarType type = x.scalar_type().intern();
        if (type == ScalarType.Float && weight.scalar_type().intern() == ScalarType.Float) {
            return torch.layer_norm(x, new long[] {width}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
        }
        Tensor y = torch.layer_norm(x.to(ScalarType.Float), new long[] {width},
                new TensorOptional(weight.to(ScalarType.Float)), new TensorOptional(bias.to(ScalarType.Float)), eps, true);
        return y.to(type);
    }
}
