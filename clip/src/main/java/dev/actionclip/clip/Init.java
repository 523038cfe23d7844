package dev.actionclip.clip;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Fresh float32 CPU tensors for parameters, with OpenAI's initialisation scales. */
final class Init {
    private Init() {
    }

    /**
     * Registers a parameter and returns an owning handle to it. LibTorch returns a reference into the module's
     * parameter table, which dangles once later registrations grow that table, so the reference is copied
     * (sharing the same storage) before anything else is registered.
     */
    static Tensor param(Module m, String name, Tensor init) {
        return new Tensor(m.register_parameter(name, init));
    }

    static Tensor normal(double std, long... shape) {
        Tensor t = torch.randn(shape);
        try (Scalar s = new Scalar(std)) {
            t.mul_(s);
        }
        return t;
    }

    static Tensor zeros(long... shape) {
        return torch.zeros(shape);
    }

    static Tensor ones(long... shape) {
        return torch.ones(shape);
    }

    static Tensor scalar(double value) {
        Tensor t = torch.zeros(new long[0]);
        try (Scalar s = new Scalar(value)) {
            t.fill_(s);
        }
        return t;
    }
}
