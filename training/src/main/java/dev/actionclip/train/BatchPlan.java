package dev.actionclip.train;

import java.util.Arrays;

/**
 * Which samples each batch of a run holds and with which seed they are loaded: a seeded shuffle per epoch cut into
 * optimizer steps of {@code gradAccumulation} batches of {@code batchSize} (an incomplete tail is dropped). Pure
 * functions of (seed, epoch, step, micro-batch), which is what makes a resumed run repeat the uninterrupted one and
 * lets the loader fetch any batch ahead of time.
 */
final class BatchPlan {
    private static final long SALT_ORDER = 0x6F726465L;

    private final TrainConfig config;
    private final int samples;
    private final int stepsPerEpoch;

    BatchPlan(TrainConfig config, int samples, int stepsPerEpoch) {
        this.config = config;
        this.samples = samples;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** The sample order of epoch {@code e}. */
    int[] order(int e) {
        return Seeds.permutation(samples, Seeds.mix(config.seed(), SALT_ORDER, e));
    }

    int[] indices(int[] order, int step, int micro) {
        int first = (step * config.gradAccumulation() + micro) * config.batchSize();
        return Arrays.copyOfRange(order, first, first + config.batchSize());
    }

    /** Seed for loading (augmentation) and template choice of one batch. */
    long seed(int e, int step, int micro) {
        return Seeds.mix(config.seed(), e, step, micro);
    }

    /**
     * Starts loading the batch after ({@code e}, {@code step}, {@code micro}); after an epoch's last batch, the next
     * epoch's first one, so that an epoch does not start by waiting for a decode.
     */
    void prefetchAfter(BatchLoader loader, int[] order, int e, int step, int micro) {
        int accum = config.gradAccumulation();
        int nextStep = micro + 1 < accum ? step : step + 1;
        int nextMicro = micro + 1 < accum ? micro + 1 : 0;
        if (nextStep < stepsPerEpoch) {
            loader.prefetch(indices(order, nextStep, nextMicro), seed(e, nextStep, nextMicro));
        } else if (e + 1 < config.epochs()) {
            loader.prefetch(indices(order(e + 1), 0, 0), seed(e + 1, 0, 0));
        }
    }
}
