package dev.actionclip.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Hostile inputs built from a recipe (no opaque blobs): zip bombs in torch.save layout. Used by
 * {@link CraftedInputsTest}.
 */
final class CraftedInputs {
    private static final int MIB = 1 << 20;

    private CraftedInputs() {
    }

    /**
     * A raw deflate stream of {@code mib} MiB of zeros, about 1 KB per MiB, built without deflating them all:
     * level-9 deflate of one zero MiB after another, each ended by a sync flush, settles after two MiB into the
     * same 1,036 bytes per MiB (the window is all zeros, the state repeats); those are repeated, then a final empty
     * fixed-Huffman block ends the stream. 1024 MiB give 1,060,867 bytes.
     */
    static byte[] deflatedZeros(int mib) {
        if (mib < 3) {
            throw new IllegalArgumentException("at least 3 MiB");
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[MIB];
        byte[] buf = new byte[MIB];
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            d.setInput(zeros);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                b.write(buf, 0, n);
            } while (n == buf.length || !d.needsInput());
            chunks.add(b.toByteArray());
        }
        d.end();
        if (!java.util.Arrays.equals(chunks.get(1), chunks.get(2))) {
            throw new IllegalStateException("deflate did not settle into a repeating block");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(chunks.get(0));
        for (int i = 1; i < mib; i++) {
            all.writeBytes(chunks.get(1));
        }
        all.write(0x03); // BFINAL=1, BTYPE=01 (fixed Huffman), then end-of-block: bits 1 10 0000000 -> 0x03 0x00
        all.write(0x00);
        return all.toByteArray();
    }

    /** CRC-32 of {@code n} zero bytes. */
    static int crcOfZeros(long n) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MIB];
        for (long left = n; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(left, zeros.length));
        }
        return (int) crc.getValue();
    }

    /** One zip entry as it goes in the archive. */
    record Entry(String name, int method, byte[] data, long size, int crc) {
        static Entry stored(String name, byte[] data) {
            CRC32 c = new CRC32();
            c.update(data);
            return new Entry(name, 0, data, data.length, (int) c.getValue());
        }
    }

    /**
     * A torch.save archive {@code bomb/...}: {@code data.pkl} declares one float32 tensor {@code w} of 4 elements
     * over storage {@code data/0}, and {@code data/0} is DEFLATED zeros that inflate to {@code mib} MiB (about 1 MB
     * of file for 1 GiB). Sizes, CRCs and offsets are all correct: only inflating it would tell it is a bomb.
     */
    static Path storageBomb(Path file, int mib) throws IOException {
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("w", Pickler.tensor(Pickler.storage("FloatStorage", "0", 4), 4));
        byte[] pickle = Pickler.dumps(sd, 2);
        long size = (long) mib * MIB;
        return zip(file, List.of(
                Entry.stored("bomb/data.pkl", pickle),
                new Entry("bomb/data/0", 8, deflatedZeros(mib), size, crcOfZeros(size)),
                Entry.stored("bomb/version", "3\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** The same with the bomb in {@code data.pkl} itself: it would inflate to {@code mib} MiB of zero bytes. */
    static Path pickleBomb(Path file, int mib) throws IOException {
        long size = (long) mib * MIB;
        return zip(file, List.of(
                new Entry("bomb/data.pkl", 8, deflatedZeros(mib), size, crcOfZeros(size)),
                Entry.stored("bomb/version", "3\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** A plain zip (no data descriptors, no zip64: every size here is under 4 GiB). */
    static Path zip(Path file, List<Entry> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteArrayOutputStream cd = new ByteArrayOutputStream();
            long offset = 0;
            for (Entry e : entries) {
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer lh = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
                lh.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method())
                        .putInt(0).putInt(e.crc()).putInt(e.data().length).putInt((int) e.size())
                        .putShort((short) name.length).putShort((short) 0).put(name);
                out.write(lh.array());
                out.write(e.data());
                ByteBuffer c = ByteBuffer.allocate(46 + name.length).order(ByteOrder.LITTLE_ENDIAN);
                c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                        .putShort((short) e.method()).putInt(0).putInt(e.crc()).putInt(e.data().length)
                        .putInt((int) e.size()).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(name);
                cd.writeBytes(c.array());
                offset += lh.capacity() + e.data().length;
            }
            out.write(cd.toByteArray());
            ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size()).putInt(cd.size()).putInt((int) offset).putShort((short) 0);
            out.write(eocd.array());
        }
        return file;
    }
}
