package dev.actionclip.video;

import dev.actionclip.video.preprocess.FrameTensor;
import dev.actionclip.video.preprocess.Preprocessor;
import dev.actionclip.video.sampling.SamplingSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-call entry point: open a video, choose frames, decode them and preprocess them.
 * <pre>{@code
 * Clip clip = VideoFrames.sample(path, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(224));
 * }</pre>
 */
public final class VideoFrames {
    private VideoFrames() {
    }

    /** The first (usually only) temporal view of {@code video}. */
    public static Clip sample(Path video, SamplingSpec spec, Preprocessor pre) {
        return sampleViews(video, spec, pre).get(0);
    }

    /** Every temporal view of {@code video} (multi-view testing); frames are decoded once for all views. */
    public static List<Clip> sampleViews(Path video, SamplingSpec spec, Preprocessor pre) {
        return sampleViews(video, spec, pre, VideoLimits.DEFAULT);
    }

    /** As {@link #sampleViews(Path, SamplingSpec, Preprocessor)}, with the given size and time caps. */
    public static List<Clip> sampleViews(Path video, SamplingSpec spec, Preprocessor pre, VideoLimits limits) {
        try (VideoSource src = open(video, spec, limits)) {
            return sampleViews(src, spec, pre);
        }
    }

    /** Opens {@code video} the way sampling with {@code spec} needs it (exact frame count when asked, 1 thread). */
    public static VideoSource open(Path video, SamplingSpec spec) {
        return open(video, spec, VideoLimits.DEFAULT);
    }

    /** As {@link #open(Path, SamplingSpec)}, with the given size and time caps. */
    public static VideoSource open(Path video, SamplingSpec spec, VideoLimits limits) {
        return VideoSource.file(video).exactFrameCount(spec.exactFrameCount()).threads(1).limits(limits).open();
    }

    /** Samples from an opened source, which must be at its start unless it is seekable. */
    public static List<Clip> sampleViews(VideoSource src, SamplingSpec spec, Preprocessor pre) {
        List<int[]> views = indices(src, spec);
        int total = 0;
        for (int[] v : views) {
            total += v.length;
        }
        int[] all = new int[total];
        int k = 0;
        for (int[] v : views) {
            System.arraycopy(v, 0, all, k, v.length);
            k += v.length;
        }
        Map<Integer, RgbFrame> frames = new FrameFetcher(src, spec.strategy()).fetch(all);
        List<Clip> clips = new ArrayList<>(views.size());
        for (int[] v : views) {
            List<RgbImage> imgs = new ArrayList<>(v.length);
            int[] used = new int[v.length];
            double[] ts = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                RgbFrame f = frames.get(v[i]);
                imgs.add(f.image());
                used[i] = (int) f.index();
                ts[i] = f.timestamp();
            }
            FrameTensor t = pre.apply(imgs);
            clips.add(new Clip(t, used, ts, src.probe()));
        }
        return clips;
    }

    /** The indices {@code spec} picks for the video behind {@code src}, per view. */
    public static List<int[]> indices(VideoSource src, SamplingSpec spec) {
        VideoProbe p = src.probe();
        return indices(src.source(), p.frameCount(), p.fps(), spec);
    }

    /**
     * The indices {@code spec} picks for a video of {@code frameCount} frames at {@code fps} (known from an earlier
     * probe); problems are {@link VideoReadException}s naming {@code source}.
     */
    public static List<int[]> indices(String source, long frameCount, double fps, SamplingSpec spec) {
        if (frameCount < 1) {
            throw new VideoReadException(source, "frame count unknown or zero; cannot sample");
        }
        if (frameCount > PacketIndex.MAX_PACKETS) {
            // frame indices are ints; a header that claims billions of frames is lying or not worth decoding
            throw new VideoReadException(source, "claims " + frameCount + " frames, more than the "
                    + PacketIndex.MAX_PACKETS + " this reader samples from");
        }
        try {
            return spec.indices(frameCount, fps);
        } catch (IllegalArgumentException e) {
            throw new VideoReadException(source, e.getMessage(), e);
        }
    }

    /** Decoded frames at {@code indices} in the given order (no preprocessing). */
    public static List<RgbFrame> frames(VideoSource src, int[] indices, dev.actionclip.video.sampling.DecodeStrategy strategy) {
        Map<Integer, RgbFrame> m = new FrameFetcher(src, strategy).fetch(indices);
        List<RgbFrame> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(m.get(i));
        }
        return out;
    }
}
