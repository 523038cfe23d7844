package dev.actionclip.train;

import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import dev.actionclip.torch.Torch;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Where a training step runs and in which compute type: the LibTorch device, the autocast scope of the forward pass
 * and whether the step needs loss scaling. Weights, gradients, optimizer state and the loss stay float32 on the
 * device; only the encoders' matrix products run in the lower precision, as with PyTorch's {@code torch.autocast}.
 */
public final class TrainDevice {
    private final DeviceSpec spec;
    private final Precision precision;
    private final Device device;

    private TrainDevice(DeviceSpec spec, Precision precision, Device device) {
        this.spec = spec;
        this.precision = precision;
        this.device = device;
    }

    /**
     * Checks the combination, then asks LibTorch for the device.
     *
     * @throws IllegalArgumentException in one line: CUDA asked for where there is none (saying why), or fp16 on the
     *     CPU
     */
    public static TrainDevice of(DeviceSpec spec, Precision precision) {
        check(spec, precision);
        return new TrainDevice(spec, precision, Torch.device(spec));
    }

    public static TrainDevice cpu(Precision precision) {
        return of(DeviceSpec.CPU, precision);
    }

    /**
     * The checks that need no native code. fp16 is refused on the CPU: LibTorch's CPU autocast in fp16 is slower than
     * float32 on most CPUs, and without loss scaling (CUDA only here) small gradients underflow; bf16 has float32's
     * range and needs neither.
     */
    public static void check(DeviceSpec spec, Precision precision) {
        if (precision == Precision.FP16 && !spec.cuda()) {
            throw new IllegalArgumentException("--precision fp16 needs --device cuda (it is trained with loss scaling "
                    + "on the GPU); on the CPU use --precision bf16 or fp32");
        }
    }

    public DeviceSpec spec() {
        return spec;
    }

    public Precision precision() {
        return precision;
    }

    public Device device() {
        return device;
    }

    public boolean cuda() {
        return spec.cuda();
    }

    /** fp16 keeps only 5 exponent bits: its gradients need the loss scaled up (see {@link LossScaler}). */
    public boolean needsLossScaling() {
        return precision == Precision.FP16;
    }

    /** {@code t} on the device as {@code type}; the same tensor when it already is (no copy on the CPU). */
    public Tensor put(Tensor t, ScalarType type) {
        return t.to(device, type);
    }

    /** Waits for the device's queued work (so that step times are real); nothing to wait for on the CPU. */
    public void synchronize() {
        if (spec.cuda()) {
            torch.cuda_synchronize(spec.index());
        }
    }

    /**
     * Runs the forward pass under autocast for this device type when the precision is below float32, restoring the
     * thread's previous autocast state afterwards. Mirrors {@code torch.autocast}'s exit: the cache of weights cast to
     * the lower precision is dropped when the outermost autocast region ends, so it does not outlive the step.
     */
    public <T> T autocast(java.util.function.Supplier<T> forward) {
        if (precision == Precision.FLOAT32) {
            return forward.get();
        }
        DeviceType type = spec.cuda() ? DeviceType.CUDA : DeviceType.CPU;
        boolean wasEnabled = torch.is_autocast_enabled(type);
        ScalarType wasType = torch.get_autocast_dtype(type);
        torch.set_autocast_dtype(type, precision.scalarType());
        torch.set_autocast_enabled(type, true);
        torch.increment_nesting();
        try {
            return forward.get();
        } finally {
            if (torch.decrement_nesting() == 0) {
                torch.clear_cache();
            }
            torch.set_autocast_enabled(type, wasEnabled);
            torch.set_autocast_dtype(type, wasType);
        }
    }

    @Override
    public String toString() {
        return spec + " " + precision;
    }
}
