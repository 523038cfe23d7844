package dev.actionclip.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Cuts a stream of unknown length into sliding windows and picks the frames to score in each. Feed every decoded
 * frame in order with {@link #offer}; it returns the windows that the frame completed. Only the windows still open
 * are kept, each with at most {@code T} frames, so memory stays flat on an endless live stream.
 *
 * <p>Windows counted in seconds start at the first frame's timestamp and are complete when a frame at or after
 * their end arrives; windows counted in frames are complete on their last frame. A window that a gap in the
 * stream left without any frame is skipped (see {@link #windowsSkipped()}). Frames whose timestamp or index does
 * not increase are ignored and counted ({@link #framesIgnored()}): live streams do repeat timestamps.
 *
 * <p>A frame offered as a shot cut ({@link ShotCuts}) restarts the window grid at that frame, so no window spans
 * the cut: the windows still open across it are dropped ({@link #windowsCut()}), except the oldest when no
 * emitted window reached the cut yet, which is emitted short (a shot shorter than a window still gets a score).
 *
 * <p>The frame itself is asked for lazily ({@link #offer(long, double, Supplier)}), so the caller converts to a
 * model input only the frames some window keeps, once, even when overlapping windows share it.
 */
public final class WindowPlanner<F> {
    private final Span window;
    private final Span stride;
    private final int samples;
    private final boolean inFrames;
    private final ArrayDeque<WindowBuffer<F>> open = new ArrayDeque<>();
    private double origin = Double.NaN;
    private long nextWindow;
    private long lastIndex = Long.MIN_VALUE;
    private double lastTimestamp = Double.NEGATIVE_INFINITY;
    private double frameInterval;
    private double lastEmittedEnd = Double.NEGATIVE_INFINITY;
    private long windowsEmitted;
    private long windowsSkipped;
    private long framesIgnored;
    private long framesSeen;
    private long windowsCut;
    private long serial;

    /**
     * @param window  window length
     * @param stride  distance between window starts, in the same unit as {@code window}
     * @param samples frames sampled per window ({@code T})
     */
    public WindowPlanner(Span window, Span stride, int samples) {
        if (window.unit() != stride.unit()) {
            throw new IllegalArgumentException("window (" + window + ") and stride (" + stride
                    + ") must both be in seconds or both in frames");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("frames per window must be at least 1, got " + samples);
        }
        this.window = window;
        this.stride = stride;
        this.samples = samples;
        this.inFrames = window.inFrames();
    }

    public Span window() {
        return window;
    }

    public Span stride() {
        return stride;
    }

    public int samples() {
        return samples;
    }

    /** Offers a frame already in memory. */
    public List<Window<F>> offer(long frameIndex, double timestamp, F frame) {
        return offer(frameIndex, timestamp, () -> frame);
    }

    /**
     * Offers the next decoded frame; {@code frame} is called at most once, and only if a window keeps the frame.
     *
     * @param frameIndex the decoder's frame number (increasing)
     * @param timestamp  media time in seconds (increasing)
     * @return the windows completed by this frame, oldest first (often empty)
     */
    public List<Window<F>> offer(long frameIndex, double timestamp, Supplier<F> frame) {
        return offer(frameIndex, timestamp, frame, false);
    }

    /**
     * Offers the next decoded frame, which starts a new shot when {@code cut} is true (the first frame always
     * does).
     */
    public List<Window<F>> offer(long frameIndex, double timestamp, Supplier<F> frame, boolean cut) {
        if (!Double.isFinite(timestamp)) {
            throw new IllegalArgumentException("frame " + frameIndex + ": timestamp is " + timestamp);
        }
        if (frameIndex <= lastIndex || timestamp <= lastTimestamp) {
            framesIgnored++;
            return List.of();
        }
        if (lastTimestamp != Double.NEGATIVE_INFINITY) {
            frameInterval = timestamp - lastTimestamp;
        }
        lastIndex = frameIndex;
        lastTimestamp = timestamp;
        framesSeen++;
        double coord = inFrames ? frameIndex : timestamp;
        if (Double.isNaN(origin)) {
            origin = coord;
        }
        List<Window<F>> done = new ArrayList<>(1);
        closeUpTo(coord, done);
        if (cut) {
            cutAt(coord, timestamp, done);
        }
        openUpTo(coord);
        F materialised = null;
        for (WindowBuffer<F> b : open) {
            b.observe(coord, timestamp);
            if (b.wants(coord)) {
                if (materialised == null) {
                    materialised = frame.get();
                    if (materialised == null) {
                        throw new IllegalArgumentException("frame " + frameIndex + " at " + timestamp
                                + " s: the frame supplier returned null");
                    }
                }
                b.accept(coord, frameIndex, timestamp, materialised);
            }
        }
        if (inFrames) {
            closeUpTo(coord + 1, done);
        }
        return done;
    }

    /**
     * Ends the stream. Returns at most one partial window: the oldest still open, when it covers media that no
     * emitted window covered (a short clip, or the tail of a stream), with its missing slots repeating its last
     * frame.
     */
    public List<Window<F>> finish() {
        List<Window<F>> out = new ArrayList<>(1);
        WindowBuffer<F> first = open.peekFirst();
        if (first != null && !first.isEmpty() && first.held() > 0) {
            double start = inFrames ? first.firstTimestamp() : first.start();
            double end = first.lastTimestamp() + frameInterval;
            if (!inFrames) {
                end = Math.min(end, first.end());
            }
            if (end > lastEmittedEnd + 1e-9) {
                out.add(emit(first, start, end, true));
            }
        }
        open.clear();
        return out;
    }

    private void closeUpTo(double coord, List<Window<F>> done) {
        while (!open.isEmpty() && open.peekFirst().end() <= coord) {
            WindowBuffer<F> b = open.pollFirst();
            if (b.isEmpty() || b.held() == 0) {
                windowsSkipped++;
                continue;
            }
            double start = inFrames ? b.firstTimestamp() : b.start();
            double end = inFrames ? b.lastTimestamp() + frameInterval : b.end();
            done.add(emit(b, start, end, false));
        }
    }

    /** Ends the shot before {@code coord}: drops the windows across it and restarts the grid there. */
    private void cutAt(double coord, double timestamp, List<Window<F>> done) {
        WindowBuffer<F> first = open.peekFirst();
        double cutTime = timestamp;
        if (first != null && !first.isEmpty() && first.held() > 0 && cutTime > lastEmittedEnd + 1e-9) {
            double start = inFrames ? first.firstTimestamp() : first.start();
            done.add(emit(first, start, cutTime, true));
            open.pollFirst();
        }
        windowsCut += open.size();
        open.clear();
        origin = coord;
        nextWindow = 0;
    }

    private Window<F> emit(WindowBuffer<F> b, double start, double end, boolean partial) {
        windowsEmitted++;
        lastEmittedEnd = Math.max(lastEmittedEnd, end);
        return b.toWindow(start, end, partial);
    }

    private void openUpTo(double coord) {
        double len = window.value();
        double step = stride.value();
        // Jump over windows that lie entirely inside a gap instead of creating them one by one.
        double firstUseful = Math.ceil((coord - len - origin) / step + 1e-9);
        if (firstUseful > nextWindow) {
            windowsSkipped += (long) firstUseful - nextWindow;
            serial += (long) firstUseful - nextWindow;
            nextWindow = (long) firstUseful;
        }
        while (origin + nextWindow * step <= coord) {
            double start = origin + nextWindow * step;
            WindowBuffer<F> b = inFrames
                    ? WindowBuffer.ofFrames(serial, (long) start, (long) len, samples)
                    : new WindowBuffer<>(serial, start, start + len, samples);
            serial++;
            open.addLast(b);
            nextWindow++;
        }
    }

    /** Windows currently open (at most {@code ceil(window / stride)}). */
    public int openWindows() {
        return open.size();
    }

    /** Distinct frames currently held across all open windows. */
    public int heldFrames() {
        Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WindowBuffer<F> b : open) {
            distinct.addAll(b.heldFrames());
        }
        return distinct.size();
    }

    public long windowsEmitted() {
        return windowsEmitted;
    }

    /** Windows that fell entirely in a gap of the stream and were never emitted. */
    public long windowsSkipped() {
        return windowsSkipped;
    }

    /** Frames ignored because their timestamp or index did not increase. */
    public long framesIgnored() {
        return framesIgnored;
    }

    /** Windows dropped because they spanned a shot cut. */
    public long windowsCut() {
        return windowsCut;
    }

    public long framesSeen() {
        return framesSeen;
    }
}
