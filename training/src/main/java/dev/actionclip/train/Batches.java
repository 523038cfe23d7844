package dev.actionclip.train;

import org.bytedeco.pytorch.Tensor;

/**
 * A training set that can load any subset of its samples as one batch. The trainer decides the order (a seeded
 * shuffle per epoch), so a source needs no iteration state and resuming is exact.
 */
public interface Batches {
    /** Number of samples. */
    int size();

    /**
     * Loads these samples. A sample that cannot be read (corrupt video, ...) is left out of the batch and counted in
     * {@link Loaded#skipped()}; it must not throw for that.
     *
     * @param sampleIndices indices in [0, size())
     * @param seed          seed for any randomness in loading (frame sampling, augmentation)
     */
    Loaded load(int[] sampleIndices, long seed);

    /**
     * One loaded batch.
     *
     * @param videos  [B,T,3,H,W] float32 (B may be smaller than asked when samples were skipped; may be null if B = 0)
     * @param labels  B class ids
     * @param skipped samples asked for but left out
     */
    record Loaded(Tensor videos, long[] labels, int skipped) {
    }
}
