package dev.actionclip.temporal;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** ActionCLIP's {@code LSTM}: a 1-layer batch-first LSTM {@code lstm_visual}, plus the input, mean over time. */
public final class LstmHead extends ParamHead {
    private final long width;
    private final Tensor wIh;
    private final Tensor wHh;
    private final Tensor bIh;
    private final Tensor bHh;

    LstmHead(long width, long frameTable, Init init) {
        super(FusionHeads.LSTM);
        this.width = width;
        param("frame_position_embeddings.weight", init.make("frame_position_embeddings.weight",
                new long[] {frameTable, width}, Init.Kind.NORMAL_02)); // unused by LSTM, kept for the checkpoint
        long[] w = {4 * width, width};
        wIh = param("lstm_visual.weight_ih_l0", init.make("lstm_visual.weight_ih_l0", w, Init.Kind.LSTM_UNIFORM));
        wHh = param("lstm_visual.weight_hh_l0", init.make("lstm_visual.weight_hh_l0", w, Init.Kind.LSTM_UNIFORM));
        long[] b = {4 * width};
        bIh = param("lstm_visual.bias_ih_l0", init.make("lstm_visual.bias_ih_l0", b, Init.Kind.LSTM_UNIFORM));
        bHh = param("lstm_visual.bias_hh_l0", init.make("lstm_visual.bias_hh_l0", b, Init.Kind.LSTM_UNIFORM));
    }

    @Override
    Tensor compute(Tensor x) {
        Tensor h0 = torch.zeros(new long[] {1, x.size(0), width}, x.options());
        TensorVector hx = new TensorVector(h0, h0);
        TensorVector params = new TensorVector(wIh, wHh, bIh, bHh);
        Tensor y = torch.lstm(x, hx, params, true, 1, 0.0, false, false, true).get0();
        return Ops.meanOverTime(y.add(x));
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
