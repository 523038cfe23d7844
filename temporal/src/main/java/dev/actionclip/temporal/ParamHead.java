package dev.actionclip.temporal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Base of the heads: a tree of plain {@link Module}s named like the checkpoint, holding the parameters. The
 * heads compute functionally from these tensors, so no Java subclass of Module ever goes through a native
 * container (where it would lose its Java identity).
 */
abstract class ParamHead implements FusionHead {
    private final String name;
    private final Module root = new Module();
    private final Map<String, Module> modules = new HashMap<>(); // keeps every sub-module reachable from Java
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final List<Tensor> owned = new ArrayList<>();

    ParamHead(String name) {
        this.name = name;
        modules.put("", root);
    }

    /** Registers {@code init} as parameter {@code dotted} (e.g. {@code transformer.resblocks.0.ln_1.weight}). */
    final Tensor param(String dotted, Tensor init) {
        int dot = dotted.lastIndexOf('.');
        Module owner = moduleAt(dot < 0 ? "" : dotted.substring(0, dot));
        owner.register_parameter(dotted.substring(dot + 1), init, true);
        // Keep our own handle: it shares the TensorImpl with the module's copy, whereas the reference the call
        // returns points into the module's parameter table, which moves when the table grows.
        owned.add(init);
        params.put(dotted, init);
        return init;
    }

    private Module moduleAt(String path) {
        Module m = modules.get(path);
        if (m != null) {
            return m;
        }
        int dot = path.lastIndexOf('.');
        Module parent = moduleAt(dot < 0 ? "" : path.substring(0, dot));
        m = parent.register_module(path.substring(dot + 1), new Module());
        modules.put(path, m);
        return m;
    }

    /**
     * Runs {@link #compute} in its own scope so intermediate tensors are freed at once; the result then belongs to
     * the caller's enclosing {@link PointerScope} if there is one (like any LibTorch op's result), else to the
     * caller.
     */
    @Override
    public final Tensor forward(Tensor x) {
        checkInput(x);
        Tensor out;
        try (PointerScope scope = new PointerScope()) {
            // Like the reference (x.float() ... .type(x_original.dtype)): compute in the weights' dtype and
            // return the input's, so float16/bfloat16 CLIP features work with float32 fusion weights.
            ScalarType in = x.scalar_type().intern();
            ScalarType w = params.isEmpty() ? in : params.values().iterator().next().scalar_type().intern();
            out = in == w ? compute(x) : compute(x.to(w)).to(in);
            out.retainReference();
        }
        PointerScope outer = PointerScope.getInnerScope();
        if (outer != null) {
            outer.attach(out);
            out.releaseReference();
        }
        return out;
    }

    /** The head's computation on checked input [B, T, D]; intermediates may be left to the scope. */
    abstract Tensor compute(Tensor x);

    /** Checks the frame count against {@link #maxFrames()} and the width against {@link #width()}. */
    final void checkInput(Tensor x) {
        if (x.dim() != 3) {
            throw new IllegalArgumentException(name + ": expected frame features [B, T, D], got a "
                    + x.dim() + "-d tensor");
        }
        long t = x.size(1);
        long d = x.size(2);
        if (t < 1 || t > maxFrames()) {
            throw new IllegalArgumentException(name + ": " + t + " frames, this head accepts 1.." + maxFrames());
        }
        if (width() > 0 && d != width()) {
            throw new IllegalArgumentException(name + ": feature width " + d + ", this head expects " + width());
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Module module() {
        return root;
    }

    @Override
    public final Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(params);
    }

    @Override
    public void close() {
        for (Tensor t : owned) {
            t.close();
        }
        owned.clear();
        params.clear();
    }

    @Override
    public String toString() {
        return name + "(width=" + width() + ", maxFrames=" + maxFrames() + ", params=" + params.size() + ")";
    }
}
