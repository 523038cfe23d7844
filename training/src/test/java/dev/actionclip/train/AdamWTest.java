package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final double LR = 0.1;
    private static final double WD = 0.2;
    private static final double B1 = 0.9;
    private static final double B2 = 0.98;
    private static final double EPS = 1e-8;

    @Test
    void matchesTheAdamWFormulaAndRestoresItsState() {
        float[] c = {0.5f, 3f};
        Tensor p = Tensors.of(new float[] {1f, -2f}, 2).requires_grad_(true);
        Tensor q = Tensors.of(new float[] {1f, -2f}, 2).requires_grad_(true);
        double[] x = {1, -2};
        double[] m = new double[2];
        double[] v = new double[2];
        try (AdamW opt = new AdamW(B1, B2, EPS, WD); AdamW copy = new AdamW(B1, B2, EPS, WD)) {
            opt.addGroup("g", Map.of("p", p), LR);
            copy.addGroup("g", Map.of("p", q), LR);
            for (int k = 1; k <= 3; k++) {
                gradStep(opt, p, c, k);
                for (int i = 0; i < 2; i++) {
                    double g = c[i] * k; // d/dp of sum(p * c * k)
                    x[i] *= 1 - LR * WD;
                    m[i] = B1 * m[i] + (1 - B1) * g;
                    v[i] = B2 * v[i] + (1 - B2) * g * g;
                    double bc1 = 1 - Math.pow(B1, k);
                    double bc2 = 1 - Math.pow(B2, k);
                    x[i] -= LR / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + EPS);
                }
                float[] got = Tensors.toFloatArray(p);
                assertEquals(x[0], got[0], 1e-6);
                assertEquals(x[1], got[1], 1e-6);
                assertFalse(p.grad().defined(), "zeroGrad drops the gradient");
                if (k == 2) {
                    // a second optimizer over a copy of the parameter, restored from the saved state
                    Map<String, TensorData> saved = opt.stateData();
                    copy.loadStateData(saved);
                    try (org.bytedeco.pytorch.NoGradGuard ng = new org.bytedeco.pytorch.NoGradGuard()) {
                        q.copy_(p);
                    }
                    assertEquals(2L, saved.get("p.step").toLongArray()[0]);
                }
            }
            gradStep(copy, q, c, 3);
            assertArrayEquals(Tensors.toFloatArray(p), Tensors.toFloatArray(q), 0f);
        }
    }

    private static void gradStep(AdamW opt, Tensor p, float[] c, int k) {
        try (PointerScope s = new PointerScope()) {
            Tensor loss = p.mul(Tensors.of(c, 2)).sum().mul(new Scalar((double) k));
            loss.backward();
            opt.step();
            opt.zeroGrad();
        }
    }
}
