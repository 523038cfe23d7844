package dev.actionclip.formats.pickle;

import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.DType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whitelist of what a PyTorch checkpoint pickle may ask for. Tensors come from
 * {@code torch._utils._rebuild_tensor_v2} over storage persistent ids; dicts, lists and numbers are built
 * directly; numpy scalars are decoded from their raw bytes. TorchScript archives may additionally name
 * {@code __torch__.*} classes, which become opaque {@link PyObject}s. Any other global is refused before
 * anything else happens.
 */
public final class TorchRules implements Unpickler.Rules {
    private static final Set<String> PASS_THROUGH = Set.of(
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
            "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
            "torch.jit._pickle.restore_type_tag",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state");
    private static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict", "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset",
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._tensor._rebuild_from_type_v2",
            "torch.Tensor", "torch.nn.parameter.Parameter", "torch.device", "torch.Size", "_codecs.encode",
            "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype", "argparse.Namespace");
    /** {@code torch.float16} etc. pickle as globals; they stay tokens ({@link PyGlobal}) in the tree. */
    private static final Set<String> TORCH_DTYPES = Set.of("float16", "half", "bfloat16", "float32", "float",
            "float64", "double", "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool");

    private final Path file;
    private final boolean torchScriptObjects;

    /**
     * @param file               the checkpoint, for error messages
     * @param torchScriptObjects whether {@code __torch__.*} classes are allowed (TorchScript archives only)
     */
    public TorchRules(Path file, boolean torchScriptObjects) {
        this.file = file;
        this.torchScriptObjects = torchScriptObjects;
    }

    @Override
    public Object global(String module, String name) {
        String q = module + "." + name;
        boolean storage = module.equals("torch") && (DType.fromTorchStorage(name) != null || name.equals("UntypedStorage"));
        if (storage || ALLOWED.contains(q) || (module.equals("torch") && TORCH_DTYPES.contains(name)) || PASS_THROUGH.contains(q)
                || (torchScriptObjects && module.startsWith("__torch__"))) {
            return new PyGlobal(module, name);
        }
        throw new CheckpointFormatException(file, "refusing to load: the pickle asks for global '" + q
                + "'; only tensors, dicts, lists and numbers are allowed");
    }

    @Override
    public Object persistentLoad(Object pid) {
        if (!(pid instanceof List) || ((List<?>) pid).size() < 5 || !"storage".equals(((List<?>) pid).get(0))) {
            throw new IllegalArgumentException("unsupported persistent id " + PyValues.keyString(pid)
                    + " (expected ('storage', type, key, location, numel))");
        }
        List<?> p = (List<?>) pid;
        if (!(p.get(1) instanceof PyGlobal) || !(p.get(2) instanceof String) || !(p.get(4) instanceof Long)) {
            throw new IllegalArgumentException("malformed storage persistent id " + PyValues.keyString(pid));
        }
        String type = ((PyGlobal) p.get(1)).name();
        DType dtype = type.equals("UntypedStorage") ? DType.U8 : DType.fromTorchStorage(type);
        if (dtype == null) {
            throw new IllegalArgumentException("unknown storage type " + p.get(1));
        }
        Object location = p.get(3);
        return new TensorRef.StorageRef(dtype, (String) p.get(2),
                location instanceof String ? (String) location : PyValues.keyString(location), (Long) p.get(4));
    }

    @Override
    public Object call(Object callable, List<Object> args) {
        String q = qualified(callable, "call");
        if (PASS_THROUGH.contains(q)) {
            return arg(args, 0, q);
        }
        if (q.startsWith("__torch__")) {
            return new PyObject(q);
        }
        switch (q) {
            case "argparse.Namespace":
                return new NamespaceDict();
            case "collections.OrderedDict": {
                LinkedHashMap<String, Object> d = new LinkedHashMap<>();
                if (!args.isEmpty() && args.get(0) instanceof List) {
                    for (Object pair : (List<?>) args.get(0)) {
                        if (!(pair instanceof List) || ((List<?>) pair).size() != 2) {
                            throw new IllegalArgumentException(q + " expects (key, value) pairs, got "
                                    + PyValues.keyString(pair));
                        }
                        List<?> kv = (List<?>) pair;
                        d.put(PyValues.keyString(kv.get(0)), kv.get(1));
                    }
                }
                return d;
            }
            case "builtins.set": case "builtins.frozenset": case "__builtin__.set": case "__builtin__.frozenset":
            case "torch.Size":
                return args.isEmpty() ? new ArrayList<>() : new ArrayList<>(castList(args.get(0), q));
            case "torch.device": {
                String type = as(String.class, arg(args, 0, q), q);
                Object index = args.size() > 1 ? args.get(1) : null;
                if (index != null && !(index instanceof Long)) {
                    throw new IllegalArgumentException(q + " expects an integer index, got a " + PyValues.typeName(index));
                }
                return type + (index != null ? ":" + index : "");
            }
            case "_codecs.encode":
                return as(String.class, arg(args, 0, q), q).getBytes(StandardCharsets.ISO_8859_1);
            case "torch._utils._rebuild_tensor_v2": case "torch._utils._rebuild_tensor":
                return rebuildTensor(args, q);
            case "torch._tensor._rebuild_from_type_v2": {
                // (func, type, args, state): a tensor subclass; we keep the plain tensor func(*args) builds. One
                // level only: a func that is itself _rebuild_from_type_v2 would let the pickle choose the depth
                // of this recursion (a list holding itself through the memo: unbounded).
                Object func = arg(args, 0, q);
                if (func instanceof PyGlobal && ((PyGlobal) func).qualifiedName().equals(q)) {
                    throw new IllegalArgumentException(q + " nested in itself");
                }
                return call(func, castList(arg(args, 2, q), q));
            }
            case "numpy.dtype":
                return new NumpyScalars.Dtype(as(String.class, arg(args, 0, q), q));
            case "numpy.core.multiarray.scalar": case "numpy._core.multiarray.scalar":
                return NumpyScalars.decode(arg(args, 0, q), arg(args, 1, q));
            default:
                throw new IllegalArgumentException("global " + q + " cannot be called");
        }
    }

    private TensorRef rebuildTensor(List<Object> args, String q) {
        if (!(arg(args, 0, q) instanceof TensorRef.StorageRef)) {
            throw new IllegalArgumentException(q + " expects a storage, got " + PyValues.typeName(args.get(0)));
        }
        long offset = as(Long.class, arg(args, 1, q), q);
        long[] shape = longs(castList(arg(args, 2, q), q), q);
        long[] strides = longs(castList(arg(args, 3, q), q), q);
        return new TensorRef((TensorRef.StorageRef) args.get(0), offset, shape, strides);
    }

    @Override
    public Object newObject(Object cls, List<Object> args) {
        String q = qualified(cls, "instantiate");
        if (q.startsWith("__torch__")) {
            return new PyObject(q);
        }
        if (q.equals("argparse.Namespace")) {
            return new NamespaceDict();
        }
        if (q.equals("collections.OrderedDict")) {
            return new LinkedHashMap<String, Object>();
        }
        throw new IllegalArgumentException("global " + q + " cannot be instantiated");
    }

    @Override
    public Object build(Object obj, Object state) {
        if (obj instanceof PyObject) {
            if (state instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) state;
                ((PyObject) obj).attributes().putAll(s);
            } else {
                // a class with its own __getstate__ (e.g. packed quantized params): kept, not interpreted
                ((PyObject) obj).attributes().put("__state__", state);
            }
            return obj;
        }
        if (obj instanceof NamespaceDict && state instanceof Map) {
            // argparse.Namespace: its attributes arrive as the BUILD state
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) state;
            ((NamespaceDict) obj).putAll(s);
            return obj;
        }
        if (obj instanceof NumpyScalars.Dtype) {
            ((NumpyScalars.Dtype) obj).setState(state);
            return obj;
        }
        if (obj instanceof Map || obj instanceof TensorRef) {
            // OrderedDict's _metadata (per-module versions) and tensor python attributes carry no weights
            return obj;
        }
        throw new IllegalArgumentException("BUILD on a " + PyValues.typeName(obj));
    }

    private static String qualified(Object o, String what) {
        if (o instanceof PyGlobal) {
            return ((PyGlobal) o).qualifiedName();
        }
        throw new IllegalArgumentException("cannot " + what + " a " + PyValues.typeName(o));
    }

    private static Object arg(List<Object> args, int i, String q) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(q + " called with " + args.size() + " arguments");
        }
        return args.get(i);
    }

    private static <T> T as(Class<T> type, Object o, String q) {
        if (type.isInstance(o)) {
            return type.cast(o);
        }
        throw new IllegalArgumentException(q + " expects a " + type.getSimpleName() + ", got a " + PyValues.typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o, String q) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new IllegalArgumentException(q + " expects a tuple, got a " + PyValues.typeName(o));
    }

    private static long[] longs(List<Object> l, String q) {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long)) {
                throw new IllegalArgumentException(q + " expects integer sizes, got " + PyValues.keyString(l));
            }
            out[i] = (Long) l.get(i);
        }
        return out;
    }

    /** An {@code argparse.Namespace} (training options some scripts save), kept as a plain dict. */
    private static final class NamespaceDict extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }
}
