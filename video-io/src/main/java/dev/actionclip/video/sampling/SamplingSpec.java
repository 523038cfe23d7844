package dev.actionclip.video.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * What to sample from a video: a {@link FrameSampler}, an optional time range in seconds, how to decode,
 * and whether to count frames exactly first. Built with {@code SamplingSpec.tsn(8).train(42).build()} etc.
 */
public final class SamplingSpec {
    private final FrameSampler sampler;
    private final double start;
    private final double end;
    private final DecodeStrategy strategy;
    private final boolean exactFrameCount;

    private SamplingSpec(Builder b) {
        this.sampler = b.sampler();
        this.start = b.start;
        this.end = b.end;
        this.strategy = b.strategy;
        this.exactFrameCount = b.exactFrameCount;
    }

    /** ActionCLIP's segment sampling with {@code segments} frames (test mode unless {@link Builder#train}). */
    public static Builder tsn(int segments) {
        return new Builder(segments, 0, true);
    }

    /** Dense clips of {@code frames} frames {@code stride} apart. */
    public static Builder uniform(int frames, int stride) {
        return new Builder(frames, stride, false);
    }

    /** Any sampler. */
    public static Builder of(FrameSampler sampler) {
        Builder b = new Builder(sampler.framesPerView(), 1, false);
        b.custom = sampler;
        return b;
    }

    public FrameSampler sampler() {
        return sampler;
    }

    public DecodeStrategy strategy() {
        return strategy;
    }

    public boolean exactFrameCount() {
        return exactFrameCount;
    }

    /** Range start in seconds (0 = beginning). */
    public double start() {
        return start;
    }

    /** Range end in seconds ({@code Double.POSITIVE_INFINITY} = the end of the video). */
    public double end() {
        return end;
    }

    /**
     * Absolute frame indices per view for a video of {@code frameCount} frames at {@code fps}: the sampler
     * runs over the frames whose time lies in [start, end) and its indices are shifted to the range.
     */
    public List<int[]> indices(long frameCount, double fps) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("the video has no frames to sample");
        }
        long first = 0;
        long last = frameCount;
        if (start > 0 || end < Double.POSITIVE_INFINITY) {
            first = Math.max(0, (long) Math.ceil(start * fps - 1e-9));
            last = end == Double.POSITIVE_INFINITY ? frameCount : Math.min(frameCount, (long) Math.ceil(end * fps - 1e-9));
            if (last <= first) {
                throw new IllegalArgumentException("time range [" + start + ", " + end + "] s holds no frame of a "
                        + frameCount + "-frame video at " + fps + " fps");
            }
        }
        List<int[]> views = sampler.sample(Math.toIntExact(last - first));
        List<int[]> out = new ArrayList<>(views.size());
        for (int[] v : views) {
            int[] abs = v.clone();
            for (int i = 0; i < abs.length; i++) {
                abs[i] += (int) first;
            }
            out.add(abs);
        }
        return out;
    }

    public static final class Builder {
        private final int frames;
        private final int stride;
        private final boolean tsn;
        private FrameSampler custom;
        private SamplingMode mode = SamplingMode.TEST;
        private long seed;
        private int views = 1;
        private double start;
        private double end = Double.POSITIVE_INFINITY;
        private DecodeStrategy strategy = DecodeStrategy.AUTO;
        private boolean exactFrameCount = true;

        private Builder(int frames, int stride, boolean tsn) {
            this.frames = frames;
            this.stride = stride;
            this.tsn = tsn;
        }

        public Builder test() {
            mode = SamplingMode.TEST;
            return this;
        }

        /** Training mode with random offsets drawn from {@code seed}. */
        public Builder train(long seed) {
            mode = SamplingMode.TRAIN;
            this.seed = seed;
            return this;
        }

        public Builder mode(SamplingMode m, long seed) {
            this.mode = m;
            this.seed = seed;
            return this;
        }

        /** Temporal views per video (multi-view testing). */
        public Builder views(int n) {
            views = n;
            return this;
        }

        /** Only frames whose time lies in [startSeconds, endSeconds). */
        public Builder range(double startSeconds, double endSeconds) {
            if (!(startSeconds >= 0) || !(endSeconds > startSeconds)) {
                throw new IllegalArgumentException("time range needs 0 <= start < end, got [" + startSeconds + ", " + endSeconds + "]");
            }
            start = startSeconds;
            end = endSeconds;
            return this;
        }

        public Builder strategy(DecodeStrategy s) {
            strategy = s;
            return this;
        }

        /** Count video packets before sampling (default true for files): the approximate count can be wrong. */
        public Builder exactFrameCount(boolean exact) {
            exactFrameCount = exact;
            return this;
        }

        FrameSampler sampler() {
            if (custom != null) {
                return custom;
            }
            return tsn ? new TsnSampler(frames, mode, seed, views) : new UniformSampler(frames, stride, mode, seed, views);
        }

        public SamplingSpec build() {
            return new SamplingSpec(this);
        }
    }
}
