package dev.actionclip.watch;

/**
 * One window's probabilities per label (raw from the scorer or smoothed), with its media time range in seconds.
 */
public record ScoredWindow(double start, double end, float[] scores) {
    public ScoredWindow {
        if (!(end >= start)) {
            throw new IllegalArgumentException("window end " + end + " s is before its start " + start + " s");
        }
    }

    public double middle() {
        return (start + end) / 2;
    }
}
