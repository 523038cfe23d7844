package dev.actionclip.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Dynamic loss scaling for fp16 training, the algorithm of PyTorch's {@code GradScaler} (the bytedeco presets
 * expose neither it nor the {@code _amp_*} kernels it uses): the loss is multiplied by S before backward so that
 * small fp16 gradients do not flush to zero; the float32 gradients are then divided by S. A step whose gradients
 * hold an inf or NaN (S was too large) is skipped and S halved; after {@link #GROWTH_INTERVAL} good steps in a row
 * S is doubled. The check reads back one number per step, not one per parameter.
 */
public final class LossScaler {
    public static final double INITIAL_SCALE = 65536.0;
    public static final int GROWTH_INTERVAL = 2000;
    /** fp16 cannot go below this usefully; keeps a run of bad steps from driving S to 0. */
    static final double MIN_SCALE = 1.0;

    private double scale;
    private int goodSteps;
    private long skippedSteps;

    public LossScaler() {
        this(INITIAL_SCALE);
    }

    LossScaler(double initialScale) {
        this.scale = initialScale;
    }

    public double scale() {
        return scale;
    }

    /** Optimizer steps skipped so far because of inf/NaN gradients. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** {@code loss × S}, the tensor to call {@code backward()} on. */
    public Tensor scaled(Tensor loss) {
        return loss.mul(new Scalar(scale));
    }

    /**
     * Divides every defined gradient by S in place and says whether all of them are finite. Call once per optimizer
     * step, after the last backward and before clipping.
     */
    public boolean unscaleAndCheck(List<Tensor> params) {
        double inv = 1.0 / scale;
        try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor bad = null;
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (!grad.defined()) {
                    continue;
                }
                grad.mul_(new Scalar(inv));
                // count of non-finite entries, summed on the device: one read-back for the whole model
                Tensor n = grad.isfinite().logical_not().sum();
                bad = bad == null ? n : bad.add(n);
            }
            return bad == null || bad.item_long() == 0;
        }
    }

    /**
     * Records the outcome of a step: halves S after an overflow (the caller skipped the update), doubles it after
     * {@link #GROWTH_INTERVAL} finite steps in a row.
     */
    public void update(boolean finite) {
        if (!finite) {
            scale = Math.max(MIN_SCALE, scale / 2);
            goodSteps = 0;
            skippedSteps++;
            return;
        }
        if (++goodSteps >= GROWTH_INTERVAL) {
            scale *= 2;
            goodSteps = 0;
        }
    }

    /** State for a checkpoint, so that a resumed fp16 run scales as the uninterrupted one would. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss_scale", scale);
        m.put("loss_scale_good_steps", goodSteps);
        m.put("loss_scale_skipped_steps", skippedSteps);
        return m;
    }

    void fromJson(Map<String, Object> m) {
        if (m.get("loss_scale") instanceof Number s) {
            scale = s.doubleValue();
        }
        if (m.get("loss_scale_good_steps") instanceof Number g) {
            goodSteps = g.intValue();
        }
        if (m.get("loss_scale_skipped_steps") instanceof Number k) {
            skippedSteps = k.longValue();
        }
    }
}
