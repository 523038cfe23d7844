package dev.actionclip.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. Tensor bytes are memory-mapped, one mapping per tensor, so files
 * larger than 2 GB work and nothing is copied. Sharded checkpoints ({@code *.safetensors.index.json}) are
 * read through {@link #openFolder(Path)}.
 */
public final class SafeTensors {
    /** Largest header we accept: the format's own limit is 100 MB. */
    private static final long MAX_HEADER = 100L << 20;

    private final Map<String, TensorData> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Map<String, TensorData> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Tensors by name, in file order. */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The named tensor; a clear error listing what the file has when it is absent. */
    public TensorData get(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "'; the file has " + new TreeSet<>(tensors.keySet()));
        }
        return t;
    }

    /** Opens one {@code .safetensors} file. */
    public static SafeTensors open(Path file) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        read(file, out, meta);
        return new SafeTensors(out, meta);
    }

    /**
     * Opens the weights of a Hugging Face style folder: {@code model.safetensors}, or the shards listed by
     * {@code model.safetensors.index.json}, or the only {@code *.safetensors} file there is.
     */
    public static SafeTensors openFolder(Path dir) {
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            return open(single);
        }
        if (Files.isRegularFile(index)) {
            return openSharded(index);
        }
        List<Path> found = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new CheckpointFormatException(dir, "cannot list folder: " + e.getMessage(), e);
        }
        if (found.size() == 1) {
            return open(found.get(0));
        }
        if (found.isEmpty()) {
            throw new CheckpointFormatException(dir, "no model.safetensors, model.safetensors.index.json or *.safetensors file");
        }
        throw new CheckpointFormatException(dir, "several .safetensors files " + found + " and no index.json to say which");
    }

    /** Opens a sharded checkpoint from its index JSON ({@code weight_map}: tensor name → shard file). */
    @SuppressWarnings("unchecked")
    public static SafeTensors openSharded(Path indexJson) {
        Map<String, Object> index;
        try {
            index = Json.parseObject(Files.readString(indexJson));
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointFormatException(indexJson, "cannot read index: " + e.getMessage(), e);
        }
        Object wm = index.get("weight_map");
        if (!(wm instanceof Map)) {
            throw new CheckpointFormatException(indexJson, "no \"weight_map\" object");
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Object shard : new java.util.LinkedHashSet<>(((Map<String, Object>) wm).values())) {
            Path p = null;
            try {
                p = shard instanceof String ? indexJson.resolveSibling((String) shard) : null;
            } catch (java.nio.file.InvalidPathException e) {
                // reported below
            }
            if (p == null) {
                throw new CheckpointFormatException(indexJson, "\"weight_map\" names shard " + brief(shard)
                        + ", not a file name");
            }
            read(p, out, meta);
        }
        for (String name : ((Map<String, Object>) wm).keySet()) {
            if (!out.containsKey(name)) {
                throw new CheckpointFormatException(indexJson, "index names tensor '" + name + "' that its shard does not contain");
            }
        }
        return new SafeTensors(out, meta);
    }

    @SuppressWarnings("unchecked")
    private static void read(Path file, Map<String, TensorData> out, Map<String, String> meta) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(file, "not a safetensors file: only " + size + " bytes");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new CheckpointFormatException(file, "not a safetensors file or truncated: header length "
                        + headerLen + " with file size " + size);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8, file);
            Map<String, Object> header;
            try {
                header = Json.parseObject(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(file, "corrupt safetensors header: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLen;
            java.util.TreeMap<Long, Object[]> ranges = new java.util.TreeMap<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    if (e.getValue() instanceof Map) {
                        // values are strings by the format; anything else is kept as its JSON text
                        ((Map<String, Object>) e.getValue()).forEach((k, v) -> meta.put(k, v instanceof String ? (String) v : Json.write(v)));
                    }
                    continue;
                }
                if (!(e.getValue() instanceof Map)) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "': header entry is not an object");
                }
                Map<String, Object> info = (Map<String, Object>) e.getValue();
                Object dtypeName = info.get("dtype");
                DType dtype = dtypeName instanceof String ? DType.fromSafetensors((String) dtypeName) : null;
                if (dtype == null) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "': unsupported dtype " + brief(dtypeName));
                }
                long[] shape = longs(info.get("shape"), file, name, "shape");
                long[] offsets = longs(info.get("data_offsets"), file, name, "data_offsets");
                if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "': bad data_offsets "
                            + java.util.Arrays.toString(offsets));
                }
                long bytes = bytes(shape, dtype, file, name);
                long len = offsets[1] - offsets[0];
                if (bytes != len) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "': shape " + java.util.Arrays.toString(shape)
                            + " " + dtype + " needs " + bytes + " bytes, data_offsets give " + len);
                }
                if (offsets[1] > size - dataStart) {
                    throw new CheckpointFormatException(file, "truncated: tensor '" + name + "' ends at byte "
                            + (dataStart + offsets[1]) + " but the file has " + size);
                }
                if (len > Integer.MAX_VALUE) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "' is " + len
                            + " bytes; tensors over 2 GB are not supported");
                }
                if (len > 0) {
                    checkNoOverlap(ranges, offsets[0], offsets[1], name, file);
                }
                ByteBuffer data = len == 0 ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + offsets[0], len);
                if (out.containsKey(name)) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "' appears in two shards");
                }
                out.put(name, TensorData.contiguous(name, dtype, shape, data.order(ByteOrder.LITTLE_ENDIAN)));
            }
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "cannot read: " + e, e);
        }
    }

    /**
     * The format's rule: tensors' byte ranges do not overlap. Two tensors sharing bytes would alias each other's
     * weights, which no writer produces; {@code ranges} maps each begin to {end, name}.
     */
    private static void checkNoOverlap(java.util.TreeMap<Long, Object[]> ranges, long begin, long end, String name,
                                       Path file) {
        Map.Entry<Long, Object[]> before = ranges.floorEntry(begin);
        Map.Entry<Long, Object[]> after = ranges.ceilingEntry(begin);
        Object[] clash = before != null && (Long) before.getValue()[0] > begin ? before.getValue()
                : after != null && after.getKey() < end ? after.getValue() : null;
        if (clash != null) {
            throw new CheckpointFormatException(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + ") overlap tensor '" + clash[1] + "'");
        }
        ranges.put(begin, new Object[] {end, name});
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new CheckpointFormatException(file, "unexpected end of file");
            }
        }
        b.flip();
    }

    /** Bytes of a tensor of {@code shape}: dimensions must be non-negative and the product must fit a long. */
    private static long bytes(long[] shape, DType dtype, Path file, String name) {
        long n = dtype.size();
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': negative dimension in shape "
                        + java.util.Arrays.toString(shape));
            }
        }
        for (long d : shape) {
            if (d == 0) {
                return 0;
            }
        }
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, "tensor '" + name + "': shape " + java.util.Arrays.toString(shape)
                    + " " + dtype + " has more bytes than a file can hold");
        }
        return n;
    }

    /** A header value for an error message: its JSON, cut short. */
    private static String brief(Object v) {
        String s = Json.write(v);
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static long[] longs(Object v, Path file, String name, String field) {
        if (!(v instanceof List)) {
            throw new CheckpointFormatException(file, "tensor '" + name + "': missing " + field);
        }
        List<?> l = (List<?>) v;
        long[] r = new long[l.size()];
        for (int k = 0; k < r.length; k++) {
            if (!(l.get(k) instanceof Long)) {
                throw new CheckpointFormatException(file, "tensor '" + name + "': " + field + " has a non-integer");
            }
            r[k] = (Long) l.get(k);
        }
        return r;
    }

    /**
     * Writes tensors (row-major, their own dtype) and string metadata to {@code file} atomically: the bytes go
     * to a temporary file in the same folder that is then renamed over the target.
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long off = 0;
        List<ByteBuffer> bodies = new ArrayList<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            TensorData t = e.getValue();
            ByteBuffer b = t.toContiguousBytes();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype().safetensorsName());
            info.put("shape", t.shape());
            info.put("data_offsets", new long[] {off, off + b.remaining()});
            header.put(e.getKey(), info);
            off += b.remaining();
            bodies.add(b);
        }
        byte[] hj = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - hj.length % 8) % 8; // keep data 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + hj.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(hj.length + pad).put(hj);
        for (int k = 0; k < pad; k++) {
            head.put((byte) ' ');
        }
        head.flip();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            for (ByteBuffer b : bodies) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
