package dev.actionclip.video.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Segment-based sampling as ActionCLIP's dataset does it (TSN style, one frame per segment), with 0-based
 * indices (ActionCLIP adds an index bias of 1 because its frames are files {@code img_00001.jpg}...).
 * For N frames and T segments:
 * <ul>
 * <li>test, T = 1: the middle frame {@code N // 2}.</li>
 * <li>test, N ≤ T: {@code i * N // T} for i in 0..T-1 (short videos repeat frames in order).</li>
 * <li>test, N > T: {@code int(i * N / T + (N / T - 1) / 2)} — each segment's centre (float division).</li>
 * <li>train, N ≤ T: every frame once plus T - N random frames, sorted.</li>
 * <li>train, N > T: segment borders {@code ticks[i] = i * N // T}; each segment takes
 *     {@code ticks[i] + randint(ticks[i+1] - ticks[i])}.</li>
 * </ul>
 * Random draws come from a {@link SplittableRandom} seeded with the given seed, so they are reproducible
 * but not NumPy's numbers. Several test views shift the position inside each segment: view v of V takes
 * the fraction {@code (v + 0.5) / V} of the segment's free span instead of its centre (V = 1 is exactly the
 * rule above); several train views draw independently.
 */
public final class TsnSampler implements FrameSampler {
    private final int segments;
    private final SamplingMode mode;
    private final long seed;
    private final int views;

    public TsnSampler(int segments, SamplingMode mode, long seed, int views) {
        if (segments < 1 || views < 1) {
            throw new IllegalArgumentException("segments and views must be at least 1: " + segments + ", " + views);
        }
        this.segments = segments;
        this.mode = mode;
        this.seed = seed;
        this.views = views;
    }

    public static TsnSampler test(int segments) {
        return new TsnSampler(segments, SamplingMode.TEST, 0, 1);
    }

    public static TsnSampler train(int segments, long seed) {
        return new TsnSampler(segments, SamplingMode.TRAIN, seed, 1);
    }

    @Override
    public int framesPerView() {
        return segments;
    }

    @Override
    public List<int[]> sample(int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame to sample, got " + frameCount);
        }
        List<int[]> out = new ArrayList<>(views);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int v = 0; v < views; v++) {
            out.add(mode == SamplingMode.TRAIN ? trainIndices(frameCount, rnd) : testIndices(frameCount, (v + 0.5) / views));
        }
        return out;
    }

    private int[] testIndices(int n, double where) {
        int t = segments;
        int[] idx = new int[t];
        if (t == 1 && views == 1) {
            idx[0] = n / 2;
            return idx;
        }
        if (n <= t) {
            for (int i = 0; i < t; i++) {
                idx[i] = (int) ((long) i * n / t);
            }
            return idx;
        }
        double seg = (double) n / t;
        for (int i = 0; i < t; i++) {
            idx[i] = Math.min(n - 1, (int) (i * seg + (seg - 1) * where));
        }
        return idx;
    }

    private int[] trainIndices(int n, SplittableRandom rnd) {
        int t = segments;
        int[] idx = new int[t];
        if (n <= t) {
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            for (int i = n; i < t; i++) {
                idx[i] = rnd.nextInt(n);
            }
            Arrays.sort(idx);
            return idx;
        }
        for (int i = 0; i < t; i++) {
            int tick = (int) ((long) i * n / t);
            int len = (int) ((long) (i + 1) * n / t) - tick;
            idx[i] = len >= 1 ? tick + rnd.nextInt(len) : tick;
        }
        return idx;
    }
}
