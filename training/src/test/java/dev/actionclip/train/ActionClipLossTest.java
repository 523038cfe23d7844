package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.torch.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ActionClipLossTest {
    private static final float[] VIDEO = {0.3f, -1.2f, 0.5f, 1.0f, 0.2f, -0.4f, -0.7f, 0.9f, 0.1f, 0.25f, 0.5f, 2.0f};
    private static final float[] TEXT = {1.1f, 0.4f, -0.3f, -0.2f, 0.8f, 0.6f, 0.5f, -0.5f, 1.5f, 0.9f, 0.1f, -1.0f};
    private static final long[] LABELS = {0, 1, 0, 2}; // samples 0 and 2 share a label: two positives in their rows
    private static final double LOG_SCALE = Math.log(1 / 0.07);

    @Test
    void matchesHandComputedDoublePrecision() {
        try (PointerScope s = new PointerScope()) {
            Tensor v = Tensors.of(VIDEO, 4, 3);
            Tensor t = Tensors.of(TEXT, 4, 3);
            Tensor scale = Tensors.of(new float[] {(float) LOG_SCALE}).requires_grad_(true);
            Tensor loss = ActionClipLoss.loss(v, t, scale, LABELS);
            double expected = expected(VIDEO, TEXT, LABELS, (float) LOG_SCALE);
            assertEquals(expected, loss.item_double(), 1e-5 * Math.max(1, Math.abs(expected)));
            assertTrue(expected > 0);
            loss.backward();
            assertTrue(scale.grad().defined(), "autograd reaches the logit scale");
            assertTrue(Float.isFinite(scale.grad().item_float()));
        }
    }

    @Test
    void labelLossIsCrossEntropyOverEveryClassPrompt() {
        try (PointerScope s = new PointerScope()) {
            Tensor v = Tensors.of(VIDEO, 4, 3);
            Tensor classes = Tensors.of(java.util.Arrays.copyOf(TEXT, 9), 3, 3); // 3 classes, one prompt each
            Tensor scale = Tensors.of(new float[] {(float) LOG_SCALE});
            double[][] vn = normalise(VIDEO, 4, 3);
            double[][] cn = normalise(java.util.Arrays.copyOf(TEXT, 9), 3, 3);
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                double[] logits = new double[3];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    for (int k = 0; k < 3; k++) {
                        logits[c] += Math.exp(LOG_SCALE) * vn[i][k] * cn[c][k];
                    }
                    max = Math.max(max, logits[c]);
                }
                double z = 0;
                for (double l : logits) {
                    z += Math.exp(l - max);
                }
                expected -= (logits[(int) LABELS[i]] - max - Math.log(z)) / 4;
            }
            assertEquals(expected, ActionClipLoss.labelLoss(v, classes, scale, LABELS).item_double(), 1e-5);
            assertThrows(IllegalArgumentException.class,
                    () -> ActionClipLoss.labelLoss(v, classes, scale, new long[] {0, 1, 3, 2}), "label 3 of 3 classes");
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (PointerScope s = new PointerScope()) {
            Tensor v = Tensors.of(VIDEO, 4, 3);
            Tensor t = Tensors.of(new float[9], 3, 3);
            assertThrows(IllegalArgumentException.class,
                    () -> ActionClipLoss.loss(v, t, Tensors.of(new float[] {1f}), LABELS));
        }
    }

    /** The recipe written out in plain Java doubles. */
    static double expected(float[] video, float[] text, long[] labels, float logScale) {
        int b = labels.length;
        int d = video.length / b;
        double[][] vn = normalise(video, b, d);
        double[][] tn = normalise(text, b, d);
        double scale = Math.exp(logScale);
        double[][] perVideo = new double[b][b];
        double[][] perText = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += vn[i][k] * tn[j][k];
                }
                perVideo[i][j] = scale * dot;
                perText[j][i] = scale * dot;
            }
        }
        return (kl(perVideo, labels) + kl(perText, labels)) / 2;
    }

    private static double kl(double[][] logits, long[] labels) {
        int b = labels.length;
        double sum = 0;
        for (int i = 0; i < b; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : logits[i]) {
                max = Math.max(max, x);
            }
            double z = 0;
            for (double x : logits[i]) {
                z += Math.exp(x - max);
            }
            double logZ = max + Math.log(z);
            double tz = 0;
            for (int j = 0; j < b; j++) {
                tz += Math.exp(10.0 * (labels[i] == labels[j] ? 1 : 0));
            }
            for (int j = 0; j < b; j++) {
                double p = Math.exp(10.0 * (labels[i] == labels[j] ? 1 : 0)) / tz;
                double logQ = logits[i][j] - logZ;
                sum += p * (Math.log(p) - logQ);
            }
        }
        return sum / (b * b) * b; // KLDivLoss mean over all B*B elements, times the batch size
    }

    private static double[][] normalise(float[] x, int b, int d) {
        double[][] out = new double[b][d];
        for (int i = 0; i < b; i++) {
            double n = 0;
            for (int k = 0; k < d; k++) {
                n += (double) x[i * d + k] * x[i * d + k];
            }
            n = Math.sqrt(n);
            for (int k = 0; k < d; k++) {
                out[i][k] = x[i * d + k] / n;
            }
        }
        return out;
    }
}
