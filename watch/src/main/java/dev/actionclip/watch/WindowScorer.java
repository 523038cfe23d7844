package dev.actionclip.watch;

import java.util.List;

/**
 * Where the model plugs in: turns one window's {@code T} sampled frames into one probability per label (label
 * order fixed for the whole run). The real implementation wraps the zero-shot scorer (frames are preprocessed
 * {@code float[]} CHW images); tests use fakes.
 */
@FunctionalInterface
public interface WindowScorer<F> {
    float[] score(List<F> frames) throws Exception;

    /**
     * Scores several windows at once (one forward pass in the model scorer); the default scores them one by one.
     * Results are in the order of {@code windows}.
     */
    default List<float[]> scoreAll(List<List<F>> windows) throws Exception {
        List<float[]> out = new java.util.ArrayList<>(windows.size());
        for (List<F> w : windows) {
            out.add(score(w));
        }
        return out;
    }
}
