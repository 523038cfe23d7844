package dev.actionclip.formats;

import dev.actionclip.formats.pickle.TensorLinker;
import dev.actionclip.formats.pickle.TensorRef;
import dev.actionclip.formats.pickle.TorchRules;
import dev.actionclip.formats.pickle.Unpickler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code torch.save} file (the zip layout of torch ≥ 1.6) read without Python or LibTorch:
 * {@code <root>/data.pkl} is unpickled by a restricted interpreter that only builds dicts, lists, numbers,
 * strings and tensors, and tensors share the bytes of {@code <root>/data/<key>} (memory-mapped when stored
 * uncompressed, as torch writes them).
 *
 * <p>Dicts become {@code LinkedHashMap<String,Object>} (non-string keys stringified), lists, tuples and sets
 * {@code List}, Python ints {@code Long}, floats {@code Double}, None {@code null}, tensors {@link TensorData}
 * named by their path in the tree.
 */
public final class TorchCheckpoint {
    private static final List<String> STATE_DICT_KEYS = List.of("state_dict", "model_state_dict", "model", "module");
    /**
     * Largest pickle accepted. Real ones hold only the object tree (tensor bytes live in their own entries): a few
     * KB to a few MB even for billion-parameter models. Unpickled objects take tens of bytes per pickle byte, so
     * this cap is what bounds the reader's memory.
     */
    static final long MAX_PICKLE_BYTES = 16L << 20;
    /** Most tensors one pickle may define (the largest real checkpoints have tens of thousands). */
    static final int MAX_TENSORS = 1 << 20;
    /** {@code byteorder} holds "little" or "big". */
    private static final long MAX_BYTEORDER_BYTES = 64;

    private final Path file;
    private final Object root;

    private TorchCheckpoint(Path file, Object root) {
        this.file = file;
        this.root = root;
    }

    /** Reads a torch.save zip archive; {@link CheckpointFormatException} naming the file on any problem. */
    public static TorchCheckpoint read(Path file) {
        CheckpointFormat format = Checkpoints.detect(file);
        if (format == CheckpointFormat.OPENAI_TORCHSCRIPT) {
            throw new CheckpointFormatException(file, "this is a TorchScript archive, not a torch.save file; "
                    + "read it with TorchScriptArchive");
        }
        if (format != CheckpointFormat.TORCH_SAVE) {
            throw new CheckpointFormatException(file, "not a torch.save file (detected " + format + ")");
        }
        try (ZipArchive zip = ZipArchive.open(file)) {
            return new TorchCheckpoint(file, unpickle(file, zip, "data.pkl", "data/", false));
        }
    }

    /**
     * Unpickles {@code <root>/<pickle>} with the torch whitelist and attaches tensors to the storages under
     * {@code <root>/<storageDir>}. Shared with {@link TorchScriptArchive}.
     */
    static Object unpickle(Path file, ZipArchive zip, String pickle, String storageDir, boolean torchScript) {
        String root = zip.root();
        ByteBuffer pkl = zip.read(root + pickle, MAX_PICKLE_BYTES);
        if (pkl == null) {
            throw new CheckpointFormatException(file, "no " + root + pickle + " in the archive");
        }
        if (pkl.capacity() > MAX_PICKLE_BYTES) {
            throw new CheckpointFormatException(file, root + pickle + " is " + pkl.capacity() + " bytes; pickles over "
                    + MAX_PICKLE_BYTES + " bytes are refused (real ones hold only the object tree)");
        }
        ByteBuffer order = zip.read(root + "byteorder", MAX_BYTEORDER_BYTES);
        if (order != null && !StandardCharsets.US_ASCII.decode(order).toString().trim().equals("little")) {
            throw new CheckpointFormatException(file, "storages were saved big-endian (" + root + "byteorder); "
                    + "only little-endian checkpoints are supported");
        }
        Object tree = Unpickler.load(file, root + pickle, pkl, new TorchRules(file, torchScript));
        Map<String, ByteBuffer> storages = new HashMap<>();
        int[] tensors = {0};
        return TensorLinker.link(tree, (ref, name) -> {
            if (++tensors[0] > MAX_TENSORS) {
                throw new CheckpointFormatException(file, root + pickle + " defines more than " + MAX_TENSORS + " tensors");
            }
            return tensor(file, zip, root + storageDir, storages, ref, name);
        });
    }

    private static TensorData tensor(Path file, ZipArchive zip, String dir, Map<String, ByteBuffer> storages,
                                     TensorRef ref, String name) {
        TensorRef.StorageRef s = ref.storage();
        String entry = dir + s.key();
        checkGeometry(file, ref, name);
        ByteBuffer buf = storages.get(s.key());
        if (buf == null) {
            if (s.numel() < 0 || s.numel() > Long.MAX_VALUE / s.dtype().size()) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': storage " + entry
                        + " declares an impossible " + s.numel() + " " + s.dtype() + " elements");
            }
            // the pickle says how many bytes the storage holds: a compressed entry may not inflate to more
            long declared = s.numel() * s.dtype().size();
            ZipArchive.Entry ze = zip.entries().get(entry);
            if (ze != null && ze.method() != 0 && ze.size() > declared) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': storage " + entry + " would inflate to "
                        + ze.size() + " bytes from " + ze.compressedSize() + ", but the pickle declares " + s.numel()
                        + " " + s.dtype() + " elements (" + declared + " bytes); refusing to inflate it (zip bomb?)");
            }
            buf = zip.read(entry, declared);
            if (buf == null) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': its storage " + entry
                        + " is missing from the archive");
            }
            if (buf.capacity() / s.dtype().size() < s.numel()) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': storage " + entry + " has "
                        + buf.capacity() + " bytes but should hold " + s.numel() + " " + s.dtype() + " elements");
            }
            storages.put(s.key(), buf);
        }
        try {
            return new TensorData(name, s.dtype(), ref.shape(), ref.strides(), ref.offset(), buf);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, "tensor '" + name + "' does not fit its storage " + entry
                    + ": " + e.getMessage(), e);
        }
    }

    /** Rejects negative or overflowing geometry before TensorData does arithmetic with it. */
    private static void checkGeometry(Path file, TensorRef ref, String name) {
        long[] shape = ref.shape();
        long[] strides = ref.strides();
        boolean ok = ref.offset() >= 0 && shape.length == strides.length;
        try {
            long last = ref.offset();
            for (int i = 0; ok && i < shape.length; i++) {
                ok = shape[i] >= 0 && strides[i] >= 0;
                last = Math.addExact(last, Math.multiplyExact(Math.max(shape[i] - 1, 0), strides[i]));
            }
            Math.multiplyExact(last + 1, 8L);
        } catch (ArithmeticException e) {
            ok = false;
        }
        if (!ok) {
            throw new CheckpointFormatException(file, "tensor '" + name + "' has invalid geometry: offset "
                    + ref.offset() + ", shape " + java.util.Arrays.toString(shape) + ", strides "
                    + java.util.Arrays.toString(strides));
        }
    }

    public Path file() {
        return file;
    }

    /** The unpickled object: usually a {@code Map<String,Object>}. */
    public Object root() {
        return root;
    }

    /** The root as a dict; an error when the file holds something else (a bare tensor, a list). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> rootMap() {
        if (root instanceof Map) {
            return Collections.unmodifiableMap((Map<String, Object>) root);
        }
        throw new CheckpointFormatException(file, "expected a dict at the top level, found " + kind(root));
    }

    /**
     * The model weights: the root when it is a flat name → tensor dict ({@code torch.save(model.state_dict())}),
     * else the first of {@code state_dict}, {@code model_state_dict}, {@code model}, {@code module} that is one.
     * Tensors are renamed to their key in that dict.
     */
    public Map<String, TensorData> stateDict() {
        Map<String, TensorData> flat = tensorMap(root);
        if (flat != null) {
            return flat;
        }
        if (root instanceof Map) {
            for (String k : STATE_DICT_KEYS) {
                Map<String, TensorData> m = tensorMap(((Map<?, ?>) root).get(k));
                if (m != null) {
                    return m;
                }
            }
        }
        throw new CheckpointFormatException(file, "no state dict: the top level is " + kind(root)
                + " and none of " + STATE_DICT_KEYS + " is a dict of tensors");
    }

    /** The tensors of the dict stored under top-level {@code key} (e.g. {@code fusion_model_state_dict}). */
    public Map<String, TensorData> tensorsUnder(String key) {
        Map<String, Object> top = rootMap();
        if (!top.containsKey(key)) {
            throw new CheckpointFormatException(file, "no key '" + key + "' at the top level; it has " + top.keySet());
        }
        Object v = top.get(key);
        if (!(v instanceof Map)) {
            throw new CheckpointFormatException(file, "'" + key + "' is " + kind(v) + ", not a dict of tensors");
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (e.getValue() instanceof TensorData) {
                out.put((String) e.getKey(), ((TensorData) e.getValue()).renamed((String) e.getKey()));
            }
        }
        if (out.isEmpty() && !((Map<?, ?>) v).isEmpty()) {
            throw new CheckpointFormatException(file, "'" + key + "' holds no tensors");
        }
        return Collections.unmodifiableMap(out);
    }

    /** A dict whose values are all tensors, renamed to their keys; null when {@code o} is anything else. */
    private static Map<String, TensorData> tensorMap(Object o) {
        if (!(o instanceof Map) || ((Map<?, ?>) o).isEmpty()) {
            return null;
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
            if (!(e.getValue() instanceof TensorData)) {
                return null;
            }
            out.put((String) e.getKey(), ((TensorData) e.getValue()).renamed((String) e.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String kind(Object o) {
        if (o instanceof Map) {
            return "a dict with keys " + ((Map<?, ?>) o).keySet();
        }
        return o == null ? "None" : "a " + o.getClass().getSimpleName();
    }
}
