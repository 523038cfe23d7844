package dev.actionclip.video;

import dev.actionclip.video.sampling.DecodeStrategy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a set of frame indices from a {@link VideoSource}, by sequential decoding, seeking, or a per-gap
 * choice by expected cost. Costs are counted in "decoded frames": reading forward from position p to frame n
 * costs {@code n - p + 1}; seeking costs a fixed overhead plus the frames from the key frame at or before
 * n - 0.5 s (JavaCV seeks half a second early to be frame-exact; the key frame is exact from the
 * {@link PacketIndex}, else estimated as half a typical GOP further back). Backward jumps always seek. Variable
 * frame rate video never seeks by frame number (FFmpeg seeks by time), so it is decoded sequentially.
 */
public final class FrameFetcher {
    /** Flushing the decoder and re-reading the demuxer after a seek, in decoded-frame units. */
    static final double SEEK_OVERHEAD = 3.0;

    private final VideoSource src;
    private final DecodeStrategy strategy;
    private int seeks;
    private long decoded;

    public FrameFetcher(VideoSource src, DecodeStrategy strategy) {
        this.src = src;
        this.strategy = strategy;
    }

    /** Seeks performed so far (for benchmarks and tests). */
    public int seeks() {
        return seeks;
    }

    /** Frames decoded so far, including skipped ones. */
    public long decoded() {
        return decoded;
    }

    /**
     * The frames at {@code indices} (any order, duplicates allowed), keyed by requested index. Indices past
     * the end of the stream get the last frame there is.
     */
    public Map<Integer, RgbFrame> fetch(int[] indices) {
        int[] wanted = Arrays.stream(indices).distinct().sorted().toArray();
        Map<Integer, RgbFrame> out = new LinkedHashMap<>();
        RgbFrame last = null;
        boolean canSeek = src.seekable() && src.probe().constantFrameRate() && strategy != DecodeStrategy.SEQUENTIAL;
        for (int n : wanted) {
            if (n < 0) {
                throw new IllegalArgumentException("negative frame index " + n);
            }
            long p = src.position();
            boolean seek = canSeek && (n < p || strategy == DecodeStrategy.SEEK && n != p || strategy == DecodeStrategy.AUTO
                    && seekCost(n) < n - p + 1);
            if (!seek && n < p) {
                if (!src.seekable()) {
                    throw new IllegalStateException(src.source() + ": frame " + n + " already passed on a live source");
                }
                src.seek(0);    // sequential decoding that must go back restarts from the beginning
                seeks++;
                p = 0;
            }
            if (seek) {
                src.seek(n);
                seeks++;
            }
            RgbFrame f = readAt(n);
            if (f == null) {
                f = last != null ? last : lastFrameOfStream();
                if (f == null) {
                    throw new VideoReadException(src.source(), "no decodable frame at or before index " + n);
                }
            }
            last = f;
            out.put(n, f);
        }
        return out;
    }

    private RgbFrame readAt(int n) {
        while (src.position() < n) {
            if (!src.skip()) {
                return null;
            }
            decoded++;
        }
        RgbFrame f = src.read();
        if (f != null) {
            decoded++;
        }
        return f;
    }

    /** After a seek past the end: decode from the start and keep the final frame. */
    private RgbFrame lastFrameOfStream() {
        if (!src.seekable()) {
            return null;
        }
        src.seek(0);
        seeks++;
        RgbFrame lastSeen = null;
        for (RgbFrame f; (f = src.read()) != null; ) {
            decoded++;
            lastSeen = f;
        }
        return lastSeen;
    }

    /** Expected cost of seeking to frame n. */
    double seekCost(int n) {
        // JavaCV's frame-exact seek asks FFmpeg for the key frame before (target - 0.5 s), then decodes forward
        int back = (int) Math.round(0.5 * src.probe().fps());
        PacketIndex pi = src.packetIndex().orElse(null);
        double fromKey = pi != null ? n - pi.keyFrameAtOrBefore(Math.max(0, n - back))
                : back + estimatedGop(src.probe().codec()) / 2.0;
        return SEEK_OVERHEAD + fromKey + 1;
    }

    /** Typical key frame distance of an encoder's defaults when the file was not indexed. */
    static double estimatedGop(String codec) {
        String c = codec == null ? "" : codec.toLowerCase(Locale.ROOT);
        if (c.contains("mjpeg") || c.contains("ffv1") || c.contains("png") || c.contains("prores") || c.contains("rawvideo")) {
            return 1;
        }
        if (c.startsWith("mpeg4") || c.startsWith("mpeg2") || c.startsWith("mpeg1")) {
            return 12;
        }
        return 250;     // x264 / libvpx / aom defaults
    }
}
