package dev.actionclip.temporal;

import org.bytedeco.pytorch.Tensor;

/** ActionCLIP's {@code meanP}: the mean of the frame features; no parameters. */
public final class MeanP extends ParamHead {
    public MeanP() {
        super(FusionHeads.MEAN_P);
    }

    @Override
    Tensor compute(Tensor x) {
        return Ops.meanOverTime(x);
    }

    @Override
    public long width() {
        return -1;
    }

    @Override
    public int maxFrames() {
        return Integer.MAX_VALUE;
    }
}
