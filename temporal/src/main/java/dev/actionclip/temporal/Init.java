package dev.actionclip.temporal;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Supplies each parameter's initial value: ActionCLIP's training initialisation or a checkpoint's tensor. */
interface Init {
    /** How ActionCLIP initialises a parameter when training from scratch. */
    enum Kind {
        ZEROS, ONES,
        /** {@code normal_(0, 0.02)} (ActionCLIP's init_weights for Linear/Embedding; timm trunc_normal_ at std .02
         * cuts at ±2, i.e. 100 σ, so it is the same distribution). */
        NORMAL_02,
        /** {@code nn.MultiheadAttention}'s packed in-projection: xavier_uniform_. */
        XAVIER,
        /** {@code nn.LSTM}'s default: uniform(-1/sqrt(hidden), 1/sqrt(hidden)); shape[1] is the hidden size. */
        LSTM_UNIFORM,
        /** Conv_1D's temporal shift: first quarter of channels looks back, middle half stays, last quarter ahead. */
        SHIFT
    }

    Tensor make(String name, long[] shape, Kind kind);

    /** ActionCLIP's initialisation (float32, CPU). */
    static Init actionClip() {
        return (name, shape, kind) -> {
            switch (kind) {
                case ZEROS: return torch.zeros(shape);
                case ONES: return torch.ones(shape);
                case NORMAL_02: return torch.randn(shape).mul(new Scalar(0.02));
                case XAVIER: {
                    Tensor t = torch.empty(shape, new org.bytedeco.pytorch.TensorOptions(
                            org.bytedeco.pytorch.global.torch.ScalarType.Float), null);
                    torch.xavier_uniform_(t);
                    return t;
                }
                case LSTM_UNIFORM: {
                    double k = 1.0 / Math.sqrt(shape.length > 1 ? shape[1] : shape[0] / 4.0);
                    return torch.rand(shape).mul(new Scalar(2 * k)).sub(new Scalar(k));
                }
                case SHIFT: return shiftWeight(shape);
                default: throw new AssertionError(kind);
            }
        };
    }

    private static Tensor shiftWeight(long[] shape) {
        int d = Math.toIntExact(shape[0]);
        int k = Math.toIntExact(shape[2]);
        float[] w = new float[d * k];
        int quarter = d / 4;
        int half = d / 2;
        for (int c = 0; c < d; c++) {
            int tap;
            if (c < quarter) {
                tap = 0;
            } else if (c < quarter + half) {
                tap = k / 2;
            } else if (c >= d - quarter) {
                tap = k - 1;
            } else {
                continue; // when d is not a multiple of 4, ActionCLIP leaves these channels at zero
            }
            w[c * k + tap] = 1f;
        }
        return dev.actionclip.torch.Tensors.of(w, shape);
    }
}
