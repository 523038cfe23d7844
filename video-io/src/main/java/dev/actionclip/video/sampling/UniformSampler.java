package dev.actionclip.video.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dense clips: {@code frames} frames {@code stride} apart (span {@code (frames - 1) * stride + 1}). Test mode
 * places V views evenly from the start to the end of the video (one view: centred); train mode draws each
 * view's start uniformly. Clips longer than the video clamp to the last frame (it repeats), as
 * SlowFast-style loaders do.
 */
public final class UniformSampler implements FrameSampler {
    private final int frames;
    private final int stride;
    private final SamplingMode mode;
    private final long seed;
    private final int views;

    public UniformSampler(int frames, int stride, SamplingMode mode, long seed, int views) {
        if (frames < 1 || stride < 1 || views < 1) {
            throw new IllegalArgumentException("frames, stride and views must be at least 1: "
                    + frames + ", " + stride + ", " + views);
        }
        this.frames = frames;
        this.stride = stride;
        this.mode = mode;
        this.seed = seed;
        this.views = views;
    }

    @Override
    public int framesPerView() {
        return frames;
    }

    @Override
    public List<int[]> sample(int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame to sample, got " + frameCount);
        }
        int span = (frames - 1) * stride + 1;
        int free = Math.max(0, frameCount - span);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>(views);
        for (int v = 0; v < views; v++) {
            int start;
            if (mode == SamplingMode.TRAIN) {
                start = free == 0 ? 0 : rnd.nextInt(free + 1);
            } else if (views == 1) {
                start = free / 2;
            } else {
                start = (int) Math.round((double) free * v / (views - 1));
            }
            int[] idx = new int[frames];
            for (int i = 0; i < frames; i++) {
                idx[i] = Math.min(frameCount - 1, start + i * stride);
            }
            out.add(idx);
        }
        return out;
    }
}
