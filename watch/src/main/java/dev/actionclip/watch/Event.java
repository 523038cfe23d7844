package dev.actionclip.watch;

/**
 * A detected action: {@code label} held from {@code start} to {@code end} (seconds of media time), with the
 * highest smoothed score it reached.
 */
public record Event(String label, int labelIndex, double start, double end, double peakScore) {
    public double duration() {
        return end - start;
    }
}
