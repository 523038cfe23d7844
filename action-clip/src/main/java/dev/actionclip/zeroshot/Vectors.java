package dev.actionclip.zeroshot;

/** Small row-major vector helpers (double accumulation: scores must match float32 references to 1e-5). */
public final class Vectors {
    private Vectors() {
    }

    /** Scales each row of {@code rows} ({@code dim} values each) to unit length, in place; zero rows stay zero. */
    public static void normaliseRows(float[] rows, int dim) {
        for (int r = 0; r < rows.length / dim; r++) {
            double s = 0;
            for (int k = 0; k < dim; k++) {
                double v = rows[r * dim + k];
                s += v * v;
            }
            double inv = s > 0 ? 1.0 / Math.sqrt(s) : 0;
            for (int k = 0; k < dim; k++) {
                rows[r * dim + k] = (float) (rows[r * dim + k] * inv);
            }
        }
    }

    /** In-place softmax of {@code x[from, from+n)}. */
    static void softmax(double[] x, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = from; i < from + n; i++) {
            x[i] /= sum;
        }
    }
}
