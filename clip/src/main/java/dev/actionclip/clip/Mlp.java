package dev.actionclip.clip;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** CLIP's block MLP: {@code c_fc} (W → ratio·W), QuickGELU (or exact GELU), {@code c_proj} back to W. */
public final class Mlp extends Module {
    private static final double QUICK_GELU_ALPHA = 1.702;
    private final LinearImpl cFc;
    private final LinearImpl cProj;
    private final boolean quickGelu;

    public Mlp(long width, long hidden, boolean quickGelu, int layers) {
        this.quickGelu = quickGelu;
        this.cFc = register_module("c_fc", new LinearImpl(width, hidden));
        this.cProj = register_module("c_proj", new LinearImpl(hidden, width));
        try (NoGradGuard g = new NoGradGuard();
             Tensor w1 = cFc.weight(); Tensor b1 = cFc.bias(); Tensor w2 = cProj.weight(); Tensor b2 = cProj.bias()) {
            w1.normal_(0, Math.pow(2.0 * width, -0.5), new org.bytedeco.pytorch.GeneratorOptional());
            w2.normal_(0, Math.pow(width, -0.5) * Math.pow(2.0 * layers, -0.5), new org.bytedeco.pytorch.GeneratorOptional());
            b1.zero_();
            b2.zero_();
        }
    }

    public Tensor forward(Tensor x) {
        Tensor h = cFc.forward(x);
        if (quickGelu) {
            try (Scalar a = new Scalar(QUICK_GELU_ALPHA)) {
                h = h.mul(h.mul(a).sigmoid()); // x * sigmoid(1.702 x)
            }
        } else {
            h = torch.gelu(h);
        }
        return cProj.forward(h);
    }
}
