package dev.actionclip.video.sampling;

/** Evaluation samples deterministically (segment centres); training draws seeded random offsets. */
public enum SamplingMode {
    TEST, TRAIN
}
