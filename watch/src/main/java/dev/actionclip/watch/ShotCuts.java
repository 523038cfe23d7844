package dev.actionclip.watch;

import dev.actionclip.video.RgbImage;
import java.util.Arrays;

/**
 * Finds hard cuts (shot changes) in a stream of frames, so that no window spans one. A clip model learns from
 * single-shot clips: a window across a cut is out of its distribution, and it answers confidently and wrongly (on
 * scripts/watch-eval's montages of 2 s clips, 91% of the windows aligned with the clips get the right label but
 * only 26-49% of those that span a join do: "moving left" then a jump back reads as "moving right").
 *
 * <p>Each frame is reduced to the mean colour of a {@value #GRID} x {@value #GRID} grid of blocks (which averages
 * pixel noise away); the distance between consecutive frames is the mean absolute difference of those, 0..1. A
 * frame starts a new shot when its distance reaches {@code minDistance} and is {@code ratio} times the median of
 * the recent distances: motion and camera pans change a frame a little, every frame; a cut changes it a lot, once.
 * The adaptive part keeps a fast pan or a flickering light from reading as a cut on every frame.
 */
public final class ShotCuts {
    static final int GRID = 8;
    private static final int HISTORY = 15;
    private final double minDistance;
    private final double ratio;
    private final double[] recent = new double[HISTORY];
    private int seen;
    private float[] previous;
    private double lastDistance;

    /**
     * @param minDistance mean block colour change, 0..1, that a cut needs at least (0.1: a tenth of full scale)
     * @param ratio       how many times the recent median change a cut needs
     */
    public ShotCuts(double minDistance, double ratio) {
        if (!(minDistance > 0 && minDistance <= 1) || !(ratio >= 1)) {
            throw new IllegalArgumentException("shot cuts need 0 < min distance <= 1 and ratio >= 1, got "
                    + minDistance + ", " + ratio);
        }
        this.minDistance = minDistance;
        this.ratio = ratio;
    }

    /**
     * The default detector: a change of at least 0.02 and 3 times the recent median (on scripts/watch-eval's
     * montages the changes within a shot stay under 0.018, 0.009 typically, and the cuts start at 0.045; black
     * bars dilute both alike, which the ratio test does not mind).
     */
    public static ShotCuts standard() {
        return new ShotCuts(0.02, 3);
    }

    /** Whether {@code frame} starts a new shot (never the first frame). */
    public boolean isCut(RgbImage frame) {
        float[] sig = signature(frame);
        float[] prev = previous;
        previous = sig;
        if (prev == null) {
            return false;
        }
        double d = 0;
        for (int i = 0; i < sig.length; i++) {
            d += Math.abs(sig[i] - prev[i]);
        }
        d /= sig.length;
        lastDistance = d;
        double median = median();
        boolean cut = d >= minDistance && d >= ratio * median;
        if (!cut) {
            // a cut is not "recent motion": keeping it out of the history keeps two cuts in a row detectable
            recent[seen++ % HISTORY] = d;
        }
        return cut;
    }

    /** The distance of the last frame to the one before it (0..1). */
    public double lastDistance() {
        return lastDistance;
    }

    private double median() {
        int n = Math.min(seen, HISTORY);
        if (n == 0) {
            return 0;
        }
        double[] s = Arrays.copyOf(recent, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Mean RGB (0..1) of each block of a GRID x GRID grid, reading at most about 64 x 64 pixels. */
    static float[] signature(RgbImage img) {
        int w = img.width();
        int h = img.height();
        int step = Math.max(1, Math.min(w, h) / 64);
        float[] sum = new float[GRID * GRID * 3];
        int[] count = new int[GRID * GRID];
        byte[] rgb = img.rgb();
        for (int y = step / 2; y < h; y += step) {
            int by = y * GRID / h;
            for (int x = step / 2; x < w; x += step) {
                int b = by * GRID + x * GRID / w;
                int p = (y * w + x) * 3;
                sum[b * 3] += rgb[p] & 0xff;
                sum[b * 3 + 1] += rgb[p + 1] & 0xff;
                sum[b * 3 + 2] += rgb[p + 2] & 0xff;
                count[b]++;
            }
        }
        for (int b = 0; b < count.length; b++) {
            float n = Math.max(1, count[b]) * 255f;
            for (int c = 0; c < 3; c++) {
                sum[b * 3 + c] /= n;
            }
        }
        return sum;
    }
}
