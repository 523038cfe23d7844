package dev.actionclip.temporal;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * ActionCLIP's {@code Conv_1D}: a depthwise, bias-free temporal convolution {@code shift} (ActionCLIP: kernel 3,
 * padding 1) added to the input, then the mean over time. Like the reference, the convolution runs on
 * {@code x.view(-1, D, T)} — a reshape of the [B, T, D] memory, not a transpose — and its output is permuted back.
 */
public final class Conv1D extends ParamHead {
    private final long width;
    private final Tensor shift;

    Conv1D(long width, long kernel, long frameTable, Init init) {
        super(FusionHeads.CONV_1D);
        this.width = width;
        param("frame_position_embeddings.weight", init.make("frame_position_embeddings.weight",
                new long[] {frameTable, width}, Init.Kind.NORMAL_02)); // unused by Conv_1D, kept for the checkpoint
        this.shift = param("shift.weight", init.make("shift.weight", new long[] {width, 1, kernel}, Init.Kind.SHIFT));
    }

    @Override
    Tensor compute(Tensor x) {
        Tensor xc = x.contiguous();
        long c = xc.size(2);
        long t = xc.size(1);
        long k = shift.size(2);
        Tensor y = torch.conv1d(xc.view(-1, c, t), shift, new TensorOptional(), new long[] {1},
                new long[] {k / 2}, new long[] {1}, c);
        return Ops.meanOverTime(y.permute(0, 2, 1).add(xc));
    }

    @Override
    public long width() {
        return width;
    }

    @Override
    public int maxFrames() {
        return Integer.MAX_VALUE;
    }
}
