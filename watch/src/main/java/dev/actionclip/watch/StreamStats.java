package dev.actionclip.watch;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Counters of a watch run: windows scored and dropped, media seconds processed and the real-time factor (media
 * seconds per wall second: above 1 the scorer keeps up with a live stream). Thread-safe; the clock is injectable
 * so tests need not sleep.
 */
public final class StreamStats {
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long windowsScored;
    private long windowsDropped;
    private double mediaStart = Double.NaN;
    private double mediaEnd = Double.NaN;

    public StreamStats() {
        this(System::nanoTime);
    }

    public StreamStats(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Records a scored window covering {@code [start, end)} seconds of media. */
    public synchronized void scored(double start, double end) {
        windowsScored++;
        if (Double.isNaN(mediaStart) || start < mediaStart) {
            mediaStart = start;
        }
        if (Double.isNaN(mediaEnd) || end > mediaEnd) {
            mediaEnd = end;
        }
    }

    public synchronized void dropped(long n) {
        windowsDropped += n;
    }

    public synchronized long windowsScored() {
        return windowsScored;
    }

    public synchronized long windowsDropped() {
        return windowsDropped;
    }

    /** Media time from the first scored window's start to the last one's end. */
    public synchronized double mediaSeconds() {
        return Double.isNaN(mediaStart) ? 0 : mediaEnd - mediaStart;
    }

    public double wallSeconds() {
        return (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    /** Media seconds per wall second (0 before any time has passed). */
    public double realTimeFactor() {
        double wall = wallSeconds();
        return wall <= 0 ? 0 : mediaSeconds() / wall;
    }

    /** One line for a progress bar or a log. */
    public String summary() {
        return String.format(Locale.ROOT, "%d windows scored, %d dropped, %.1f s of media in %.1f s (%.2fx real time)",
                windowsScored(), windowsDropped(), mediaSeconds(), wallSeconds(), realTimeFactor());
    }
}
