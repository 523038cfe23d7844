package dev.actionclip.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
                ZipEntry ze = new ZipEntry(root.isEmpty() ? e.getKey() : root + "/" + e.getKey());
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

    /**
     * The same layout written by hand in zip64 form (what torch writes past 4 GB): sizes and offsets saturated
     * in the central directory and given in zip64 extra fields, plus the zip64 end records.
     */
    static Path zip64(Path file, String root, Map<String, byte[]> entries) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream cd = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = (root + "/" + e.getKey()).getBytes(StandardCharsets.UTF_8);
            byte[] data = e.getValue();
            CRC32 crc = new CRC32();
            crc.update(data);
            long offset = b.position();
            b.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                    .putShort((short) name.length).putShort((short) 0).put(name).put(data);
            ByteBuffer c = ByteBuffer.allocate(46 + name.length + 28).order(ByteOrder.LITTLE_ENDIAN);
            c.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) crc.getValue()).putInt(-1).putInt(-1)
                    .putShort((short) name.length).putShort((short) 28).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(-1).put(name)
                    .putShort((short) 1).putShort((short) 24).putLong(data.length).putLong(data.length).putLong(offset);
            cd.writeBytes(c.array());
        }
        long cdOffset = b.position();
        b.put(cd.toByteArray());
        long z64 = b.position();
        b.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(entries.size()).putLong(entries.size()).putLong(cd.size()).putLong(cdOffset);
        b.putInt(0x07064b50).putInt(0).putLong(z64).putInt(1);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                .putInt(-1).putInt(-1).putShort((short) 0);
        return Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
    }
}
