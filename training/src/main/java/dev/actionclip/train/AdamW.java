package dev.actionclip.train;

import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * AdamW with decoupled weight decay, written over LibTorch tensor ops so that its whole state (exp_avg,
 * exp_avg_sq, step per parameter) can be saved and restored exactly; the bundled optimizer's state cannot be
 * rebuilt from Java. The update is PyTorch's {@code torch.optim.AdamW} (non-amsgrad, single-tensor path):
 * <pre>
 *   p ← p · (1 − lr·wd);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − (lr / (1−β1^k)) · m / (√v / √(1−β2^k) + eps)
 * </pre>
 * State tensors are allocated up front, outside any per-step PointerScope, and updated in place.
 */
public final class AdamW implements AutoCloseable {
    /** One parameter group with its own learning rate. */
    public static final class Group {
        final String name;
        final Map<String, Tensor> params;
        double lr;

        Group(String name, Map<String, Tensor> params, double lr) {
            this.name = name;
            this.params = params;
            this.lr = lr;
        }

        public String name() {
            return name;
        }

        public double lr() {
            return lr;
        }

        public void setLr(double lr) {
            this.lr = lr;
        }
    }

    private static final class State {
        final Tensor expAvg;
        final Tensor expAvgSq;
        long step;

        State(Tensor p) {
            expAvg = torch.zeros_like(p);
            expAvgSq = torch.zeros_like(p);
        }
    }

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, State> state = new LinkedHashMap<>();

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Adds a group; parameter names must be unique across groups. */
    public Group addGroup(String name, Map<String, Tensor> params, double lr) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            if (state.containsKey(e.getKey())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is in two optimizer groups");
            }
            try (NoGradGuard g = new NoGradGuard()) {
                state.put(e.getKey(), new State(e.getValue()));
            }
        }
        Group g = new Group(name, new LinkedHashMap<>(params), lr);
        groups.add(g);
        return g;
    }

    public List<Group> groups() {
        return groups;
    }

    /** Every optimised parameter, in group order. */
    public List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Group g : groups) {
            out.addAll(g.params.values());
        }
        return out;
    }

    /** One update of every parameter that has a gradient (parameters without one keep their state, as in PyTorch). */
    public void step() {
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Group g : groups) {
                for (Map.Entry<String, Tensor> e : g.params.entrySet()) {
                    Tensor p = e.getValue();
                    Tensor grad = p.grad();
                    if (!grad.defined()) {
                        continue;
                    }
                    State s = state.get(e.getKey());
                    s.step++;
                    p.mul_(new Scalar(1.0 - g.lr * weightDecay));
                    s.expAvg.mul_(new Scalar(beta1)).add_(grad, new Scalar(1.0 - beta1));
                    s.expAvgSq.mul_(new Scalar(beta2)).addcmul_(grad, grad, new Scalar(1.0 - beta2));
                    double bc1 = 1.0 - Math.pow(beta1, s.step);
                    double bc2 = 1.0 - Math.pow(beta2, s.step);
                    Tensor denom = s.expAvgSq.sqrt().div(new Scalar(Math.sqrt(bc2))).add_(new Scalar(eps));
                    p.addcdiv_(s.expAvg, denom, new Scalar(-g.lr / bc1));
                }
            }
        }
    }

    /**
     * Drops the gradients (PyTorch's {@code zero_grad(set_to_none=True)}): a parameter that gets no gradient in the
     * next step is then skipped rather than decayed.
     */
    public void zeroGrad() {
        for (Group g : groups) {
            for (Tensor p : g.params.values()) {
                Tensor grad = p.mutable_grad(); // a reference to the parameter's own grad field
                if (grad.defined()) {
                    grad.reset();
                }
            }
        }
    }

    /** State as named tensors: {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}, {@code <param>.step} (int64). */
    public Map<String, TensorData> stateData() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, State> e : state.entrySet()) {
            String n = e.getKey();
            State s = e.getValue();
            out.put(n + ".exp_avg", Tensors.toData(n + ".exp_avg", s.expAvg));
            out.put(n + ".exp_avg_sq", Tensors.toData(n + ".exp_avg_sq", s.expAvgSq));
            try (Tensor step = Tensors.of(new long[] {s.step})) {
                out.put(n + ".step", Tensors.toData(n + ".step", step));
            }
        }
        return out;
    }

    /** Restores {@link #stateData()}; every optimised parameter must be present with its shape. */
    public void loadStateData(Map<String, TensorData> data) {
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Map.Entry<String, State> e : state.entrySet()) {
                String n = e.getKey();
                State s = e.getValue();
                copyInto(s.expAvg, data, n + ".exp_avg");
                copyInto(s.expAvgSq, data, n + ".exp_avg_sq");
                TensorData step = data.get(n + ".step");
                if (step == null) {
                    throw new IllegalArgumentException("optimizer state has no '" + n + ".step'");
                }
                s.step = step.toLongArray()[0];
            }
        }
    }

    private static void copyInto(Tensor dst, Map<String, TensorData> data, String name) {
        TensorData d = data.get(name);
        if (d == null) {
            throw new IllegalArgumentException("optimizer state has no '" + name + "'");
        }
        if (!java.util.Arrays.equals(d.shape(), Tensors.shape(dst))) {
            throw new IllegalArgumentException("optimizer state '" + name + "' has shape "
                    + java.util.Arrays.toString(d.shape()) + ", parameter has " + java.util.Arrays.toString(Tensors.shape(dst)));
        }
        try (Tensor src = Tensors.fromData(d)) {
            dst.copy_(src);
        }
    }

    @Override
    public void close() {
        for (State s : state.values()) {
            s.expAvg.close();
            s.expAvgSq.close();
        }
        state.clear();
    }
}
