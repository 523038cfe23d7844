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
}
