package dev.actionclip.train;

import dev.actionclip.video.RgbFrame;
import dev.actionclip.video.RgbImage;
import dev.actionclip.video.VideoFrames;
import dev.actionclip.video.VideoLimits;
import dev.actionclip.video.VideoSource;
import dev.actionclip.video.sampling.SamplingSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded frames kept in memory across epochs, up to a byte budget. Training samples a different frame of each
 * TSN segment every epoch, so a short clip ends up fully cached after a few epochs and is never decoded again;
 * on small datasets (the synthetic demo) decoding was a third of each step. Frames are stored as decoded (8-bit
 * RGB, before any preprocessing), so augmentation still runs per sample and the result is identical to decoding
 * afresh. Once the budget is used up, frames not yet cached are decoded every time, as without a cache.
 */
final class FrameCache {
    private record Entry(long frameCount, double fps, Map<Integer, RgbImage> frames) {
    }

    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final VideoLimits limits;

    FrameCache(long budgetBytes, VideoLimits limits) {
        this.limits = limits;
        this.budgetBytes = budgetBytes;
    }

    long usedBytes() {
        return usedBytes.get();
    }

    /**
     * The frames {@code spec} picks from sample {@code key}'s video, per view, decoding only those not cached.
     * Throws {@link dev.actionclip.video.VideoReadException} like {@link VideoFrames#sampleViews(Path, SamplingSpec,
     * dev.actionclip.video.preprocess.Preprocessor)}.
     */
    List<List<RgbImage>> frames(int key, Path video, SamplingSpec spec) {
        Entry e = entries.get(key);
        VideoSource src = null;
        try {
            List<int[]> views;
            if (e == null) {
                src = VideoFrames.open(video, spec, limits);
                views = VideoFrames.indices(src, spec);
                Entry created = new Entry(src.probe().frameCount(), src.probe().fps(), new ConcurrentHashMap<>());
                Entry raced = entries.putIfAbsent(key, created);
                e = raced != null ? raced : created; // fill the entry the map holds, not an orphan
            } else {
                views = VideoFrames.indices(video.toString(), e.frameCount(), e.fps(), spec);
            }
            TreeSet<Integer> missing = new TreeSet<>();
            for (int[] v : views) {
                for (int i : v) {
                    if (!e.frames().containsKey(i)) {
                        missing.add(i);
                    }
                }
            }
            Map<Integer, RgbImage> fresh = new java.util.HashMap<>();
            if (!missing.isEmpty()) {
                if (src == null) {
                    src = VideoFrames.open(video, spec, limits);
                }
                int[] want = missing.stream().mapToInt(Integer::intValue).toArray();
                List<RgbFrame> got = VideoFrames.frames(src, want, spec.strategy());
                for (int k = 0; k < want.length; k++) {
                    RgbImage img = got.get(k).image();
                    fresh.put(want[k], img);
                    long size = img.rgb().length;
                    if (usedBytes.addAndGet(size) <= budgetBytes) {
                        e.frames().put(want[k], img);
                    } else {
                        usedBytes.addAndGet(-size);
                    }
                }
            }
            List<List<RgbImage>> out = new ArrayList<>(views.size());
            for (int[] v : views) {
                List<RgbImage> imgs = new ArrayList<>(v.length);
                for (int i : v) {
                    RgbImage img = fresh.get(i);
                    imgs.add(img != null ? img : e.frames().get(i));
                }
                out.add(imgs);
            }
            return out;
        } finally {
            if (src != null) {
                src.close();
            }
        }
    }
}
