package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames kept for one open window: {@code T} slots, one per equal segment of the window, as TSN samples at
 * test time (the middle of each segment). Frames are subsampled on arrival: slot {@code k} takes the first frame
 * at or after the middle of segment {@code k}, so a window never holds more than {@code T} frames however high
 * the frame rate is. Positions ("coordinates") are seconds or frame indices, whichever the window is counted in.
 */
final class WindowBuffer<F> {
    private final long index;
    private final double start;
    private final double end;
    private final double[] targets;
    private final Object[] frames;
    private final long[] frameIndices;
    private final double[] timestamps;
    private int next;
    private double firstTimestamp = Double.NaN;
    private double lastTimestamp = Double.NaN;

    /** A window over {@code [start, end)} sampled at {@code samples} positions. */
    WindowBuffer(long index, double start, double end, int samples) {
        this.index = index;
        this.start = start;
        this.end = end;
        this.targets = new double[samples];
        double seg = (end - start) / samples;
        for (int k = 0; k < samples; k++) {
            targets[k] = start + (k + 0.5) * seg;
        }
        this.frames = new Object[samples];
        this.frameIndices = new long[samples];
        this.timestamps = new double[samples];
    }

    /** Frame-count windows sample exact frame indices: {@code start + floor((k + 0.5) * length / T)}. */
    static <F> WindowBuffer<F> ofFrames(long index, long startFrame, long length, int samples) {
        WindowBuffer<F> b = new WindowBuffer<>(index, startFrame, startFrame + length, samples);
        for (int k = 0; k < samples; k++) {
            b.targets[k] = startFrame + Math.floor((k + 0.5) * length / samples);
        }
        return b;
    }

    long index() {
        return index;
    }

    double start() {
        return start;
    }

    double end() {
        return end;
    }

    /** Whether a frame at this position fills at least one empty slot. */
    boolean wants(double coord) {
        return next < targets.length && coord >= targets[next] && coord >= start && coord < end;
    }

    /** Notes that a frame inside the window was decoded, kept or not (for the window's real time extent). */
    void observe(double coord, double timestamp) {
        if (coord < start || coord >= end) {
            return;
        }
        if (Double.isNaN(firstTimestamp)) {
            firstTimestamp = timestamp;
        }
        lastTimestamp = timestamp;
    }

    /** Fills every empty slot whose target this frame reached (several when the stream is sparser than T). */
    void accept(double coord, long frameIndex, double timestamp, F frame) {
        while (wants(coord)) {
            frames[next] = frame;
            frameIndices[next] = frameIndex;
            timestamps[next] = timestamp;
            next++;
        }
    }

    /** Slots filled so far. */
    int held() {
        return next;
    }

    boolean isEmpty() {
        return Double.isNaN(firstTimestamp);
    }

    double firstTimestamp() {
        return firstTimestamp;
    }

    double lastTimestamp() {
        return lastTimestamp;
    }

    /** Frames held, for counting distinct frames across windows. */
    List<Object> heldFrames() {
        return Arrays.asList(frames).subList(0, next);
    }

    /**
     * The finished window; slots never reached (a sparse or ended stream) repeat the last filled one. Returns
     * null when no frame was kept at all.
     */
    @SuppressWarnings("unchecked")
    Window<F> toWindow(double startTime, double endTime, boolean partial) {
        if (next == 0) {
            return null;
        }
        List<F> list = new ArrayList<>(frames.length);
        long[] idx = Arrays.copyOf(frameIndices, frames.length);
        double[] ts = Arrays.copyOf(timestamps, frames.length);
        for (int k = 0; k < frames.length; k++) {
            int src = Math.min(k, next - 1);
            list.add((F) frames[src]);
            idx[k] = frameIndices[src];
            ts[k] = timestamps[src];
        }
        return new Window<>(index, startTime, endTime, List.copyOf(list), idx, ts, partial);
    }
}
