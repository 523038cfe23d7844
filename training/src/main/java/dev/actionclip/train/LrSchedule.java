package dev.actionclip.train;

/**
 * Per-optimizer-step learning-rate factor: linear warmup from 0 to 1 over {@code warmupSteps}, then cosine decay to
 * {@code minLr / lr} at {@code totalSteps}. A pure function of the step, so resuming needs only the step number.
 */
public final class LrSchedule {
    private final long warmupSteps;
    private final long totalSteps;
    private final double minFactor;

    public LrSchedule(long warmupSteps, long totalSteps, double minFactor) {
        if (totalSteps < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("bad schedule: warmup " + warmupSteps + ", total " + totalSteps);
        }
        this.warmupSteps = Math.min(warmupSteps, totalSteps);
        this.totalSteps = totalSteps;
        this.minFactor = minFactor;
    }

    /** The factor for the update made at optimizer step {@code step} (0-based). */
    public double factor(long step) {
        if (step < warmupSteps) {
            return (step + 1) / (double) warmupSteps; // step 0 already moves, as ActionCLIP's warmup starts above 0
        }
        long decay = totalSteps - warmupSteps;
        if (decay <= 0) {
            return 1.0;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decay);
        return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    public long totalSteps() {
        return totalSteps;
    }
}
