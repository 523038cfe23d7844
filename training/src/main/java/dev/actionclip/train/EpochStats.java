package dev.actionclip.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running sums of the current epoch; saved in checkpoints so a resumed epoch reports the whole epoch. */
final class EpochStats {
    long steps;
    double lossSum;
    long samples;
    long skipped;
    double priorSeconds;
    /** Summed step time and the part of it spent waiting for batches (for the data-wait share). */
    double stepSeconds;
    double waitSeconds;
    long startNanos = System.nanoTime();

    void add(Trainer.StepResult r) {
        steps++;
        if (!Double.isNaN(r.loss())) {
            lossSum += r.loss();
        }
        samples += r.samples();
        skipped += r.skipped();
        stepSeconds += r.stepSeconds();
        waitSeconds += r.dataWaitSeconds();
    }

    /** Share of this epoch's step time spent waiting for data; NaN before the first step. */
    double dataWaitShare() {
        return stepSeconds > 0 ? waitSeconds / stepSeconds : Double.NaN;
    }

    double seconds() {
        return priorSeconds + (System.nanoTime() - startNanos) / 1e9;
    }

    double rate() {
        double s = seconds();
        return s > 0 ? samples / s : 0;
    }

    double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    void reset() {
        steps = 0;
        lossSum = 0;
        samples = 0;
        skipped = 0;
        priorSeconds = 0;
        stepSeconds = 0;
        waitSeconds = 0;
        startNanos = System.nanoTime();
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch_steps", steps);
        m.put("epoch_loss_sum", lossSum);
        m.put("epoch_samples", samples);
        m.put("epoch_skipped", skipped);
        m.put("epoch_seconds", seconds());
        m.put("epoch_step_seconds", stepSeconds);
        m.put("epoch_wait_seconds", waitSeconds);
        return m;
    }

    void fromJson(Map<String, Object> m) {
        reset();
        steps = ((Number) m.getOrDefault("epoch_steps", 0L)).longValue();
        lossSum = ((Number) m.getOrDefault("epoch_loss_sum", 0.0)).doubleValue();
        samples = ((Number) m.getOrDefault("epoch_samples", 0L)).longValue();
        skipped = ((Number) m.getOrDefault("epoch_skipped", 0L)).longValue();
        priorSeconds = ((Number) m.getOrDefault("epoch_seconds", 0.0)).doubleValue();
        stepSeconds = ((Number) m.getOrDefault("epoch_step_seconds", 0.0)).doubleValue();
        waitSeconds = ((Number) m.getOrDefault("epoch_wait_seconds", 0.0)).doubleValue();
    }
}
