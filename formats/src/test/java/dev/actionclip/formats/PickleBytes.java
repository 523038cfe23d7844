package dev.actionclip.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small pickles opcode by opcode, and torch-style zips around them, for the bad-input tests. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** SHORT_BINUNICODE (protocol 4). */
    PickleBytes shortStr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c, b.length);
        out.writeBytes(b);
        return this;
    }

    /** BINUNICODE (protocol 2). */
    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X', b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    /** GLOBAL 'module name'. */
    PickleBytes global(String module, String name) {
        return op('c').ascii(module + "\n" + name + "\n");
    }

    /** BININT1 for 0..255. */
    PickleBytes small(int v) {
        return op('K', v);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * {@code {name: tensor}} where the tensor is HalfStorage key {@code key} with {@code numel} elements,
     * viewed as a contiguous 1-D tensor of {@code size} elements — what torch.save writes for a state dict.
     */
    static byte[] oneTensorStateDict(String name, String key, int numel, int size) {
        return new PickleBytes().op(0x80, 2).op('}').op('(').str(name)
                .global("torch._utils", "_rebuild_tensor_v2")
                .op('(')
                .op('(').str("storage").global("torch", "HalfStorage").str(key).str("cpu").small(numel).op('t').op('Q')
                .small(0).small(size).op(0x85).small(1).op(0x85).op(0x89).op('}')
                .op('t').op('R')
                .op('u').op('.').bytes();
    }

    /** A torch.save-style zip: entries under {@code root/}, STORED like torch writes them. */
    static Path zip(Path file, String root, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(root + "/" + e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }
}
