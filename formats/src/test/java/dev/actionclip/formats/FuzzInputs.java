package dev.actionclip.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** What the checkpoint fuzz targets share: the archives they wrap fuzzed pickles in, and reading every tensor. */
final class FuzzInputs {
    private FuzzInputs() {
    }

    /** Storage entries every wrapped pickle can refer to: keys "0" and "1" hold 16 float32s, "2" holds 4. */
    static Map<String, byte[]> storages(String dir) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(dir + "0", floats(16, 0));
        m.put(dir + "1", floats(16, 100));
        m.put(dir + "2", floats(4, -1));
        return m;
    }

    static byte[] floats(int n, float first) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(first + i);
        }
        return b.array();
    }

    /** A torch.save archive ({@code archive/...}, STORED) around {@code pickle}. */
    static byte[] torchSave(byte[] pickle) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("data.pkl", pickle);
        e.put("byteorder", "little".getBytes());
        e.putAll(storages("data/"));
        e.put("version", "3\n".getBytes());
        return zip("archive", e, false);
    }

    /** The constants.pkl of {@link #torchScript}: a tuple of one tensor over constants/0. */
    static final byte[] CONSTANTS = Pickler.dumps(Pickler.Tuple.of(
            Pickler.tensor(Pickler.storage("FloatStorage", "0", 4), 4)), 2);

    /** A TorchScript archive ({@code model/...}: code/, constants.pkl, data.pkl = {@code pickle}). */
    static byte[] torchScript(byte[] pickle) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("data.pkl", pickle);
        e.put("code/__torch__/model.py", "class Model(Module):\n  pass\n".getBytes());
        e.put("constants.pkl", CONSTANTS);
        e.put("constants/0", floats(4, 7));
        e.putAll(storages("data/"));
        e.put("version", "3\n".getBytes());
        return zip("model", e, false);
    }

    /**
     * A zip of {@code entries} under {@code root/} (none when empty): STORED with sizes and CRC up front, as torch
     * writes, or DEFLATED with data descriptors after each entry, as {@link ZipOutputStream} streams them.
     * Timestamps are fixed so the bytes depend on the entries only.
     */
    static byte[] zip(String root, Map<String, byte[]> entries, boolean deflate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(root.isEmpty() ? e.getKey() : root + "/" + e.getKey());
                ze.setTimeLocal(LocalDateTime.of(2020, 1, 1, 0, 0));
                if (!deflate) {
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setCrc(crc.getValue());
                } else {
                    ze.setMethod(ZipEntry.DEFLATED);
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A reader's error must name the file it was reading. */
    static void namesFile(Throwable t, java.nio.file.Path file) {
        if (t instanceof CheckpointFormatException c && !file.equals(c.file())) {
            throw new AssertionError("error names " + c.file() + ", not " + file + ": " + c.getMessage(), c);
        }
        if (t != null && !t.getMessage().contains(file.toString())) {
            throw new AssertionError("error does not name " + file + ": " + t.getMessage(), t);
        }
    }

    /** Reads every element of every tensor (small ones), so a tensor that lies about its storage would show. */
    static void touch(Iterable<TensorData> tensors) {
        for (TensorData t : tensors) {
            t.describe();
            if (t.numel() <= 1 << 16) {
                t.toFloatArray();
                t.toLongArray();
                t.toContiguousBytes();
            }
        }
    }

    /** The tensors anywhere in an unpickled tree (iteratively; shared and cyclic containers once). */
    static List<TensorData> tensorsIn(Object root) {
        List<TensorData> found = new java.util.ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.push(root == null ? List.of() : root);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof TensorData t) {
                found.add(t);
            } else if (o instanceof dev.actionclip.formats.pickle.PyObject p) {
                todo.push(p.attributes());
            } else if ((o instanceof Map || o instanceof List) && seen.add(o)) {
                for (Object c : o instanceof Map<?, ?> m ? m.values() : (List<?>) o) {
                    if (c != null) {
                        todo.push(c);
                    }
                }
            }
        }
        return found;
    }
}
