package dev.actionclip.train;

import org.bytedeco.pytorch.Tensor;

/** Turns (template, class) pairs into token ids: the prompt "template filled with class name", tokenized. */
public interface TextSide {
    /** Number of prompt templates; the trainer draws one uniformly per sample. */
    int templateCount();

    /** Number of classes (labels are 0 .. classCount - 1). */
    int classCount();

    /** [B,L] int64 token ids for the prompt of ({@code templates[i]}, {@code labels[i]}). */
    Tensor tokens(int[] templates, long[] labels);
}
