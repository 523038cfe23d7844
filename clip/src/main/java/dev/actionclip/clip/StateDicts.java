package dev.actionclip.clip;

import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/** Copies a name → tensor map into a module's parameters, checking names and shapes first. */
public final class StateDicts {
    private StateDicts() {
    }

    /**
     * The map with {@code prefix} removed from every key that starts with it (e.g. {@code module.} left by
     * {@code DataParallel}); other keys are kept unchanged. Order is kept.
     */
    public static Map<String, TensorData> stripPrefix(Map<String, TensorData> sd, String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : sd.entrySet()) {
            String k = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
            if (out.put(k, e.getValue()) != null) {
                throw new IllegalArgumentException("stripping '" + prefix + "' makes two tensors named '" + k + "'");
            }
        }
        return out;
    }

    /** The module's parameters by their dotted names, with shapes. */
    public static Map<String, long[]> parameterShapes(Module m) {
        Map<String, long[]> out = new LinkedHashMap<>();
        StringTensorDict params = m.named_parameters(true);
        for (long i = 0; i < params.size(); i++) {
            try (Tensor t = params.get(i).value()) {
                out.put(params.get(i).key().getString(), Tensors.shape(t));
            }
        }
        return out;
    }

    /**
     * Loads every parameter of {@code m} from {@code sd} (converting dtype and device). All problems — missing,
     * unexpected (except names in {@code ignorable}) and mis-shaped tensors — are reported together before
     * anything is copied.
     *
     * @param source the file, for error messages; may be null
     */
    public static void load(Module m, Map<String, TensorData> sd, Set<String> ignorable, Path source) {
        Map<String, long[]> expected = parameterShapes(m);
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorData t = sd.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                misShaped.add(e.getKey() + " has " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.getValue()));
            } else if (!t.dtype().isFloatingPoint()) {
                misShaped.add(e.getKey() + " has element type " + t.dtype() + ", expected a floating-point type");
            }
        }
        for (Map.Entry<String, TensorData> e : sd.entrySet()) {
            if (!expected.containsKey(e.getKey()) && !ignorable.contains(e.getKey())) {
                unexpected.add(e.getValue().describe().replaceFirst("^\\S*", e.getKey()));
            }
        }
        if (!missing.isEmpty() || !misShaped.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder b = new StringBuilder("state dict does not fit the model (")
                    .append(missing.size()).append(" missing, ").append(misShaped.size()).append(" mis-shaped, ")
                    .append(unexpected.size()).append(" unexpected)");
            section(b, "missing", missing);
            section(b, "mis-shaped", misShaped);
            section(b, "unexpected", unexpected);
            throw new CheckpointFormatException(source != null ? source : Path.of("state_dict"), b.toString());
        }
        StringTensorDict params = m.named_parameters(true);
        try (NoGradGuard g = new NoGradGuard()) {
            for (long i = 0; i < params.size(); i++) {
                String name = params.get(i).key().getString();
                try (Tensor p = params.get(i).value(); Tensor src = Tensors.fromData(sd.get(name))) {
                    p.copy_(src);
                }
            }
        }
    }

    private static void section(StringBuilder b, String title, List<String> items) {
        if (!items.isEmpty()) {
            b.append("\n  ").append(title).append(":");
            for (String s : items) {
                b.append("\n    ").append(s);
            }
        }
    }
}
