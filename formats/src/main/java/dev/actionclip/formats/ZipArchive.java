package dev.actionclip.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Minimal zip reader for PyTorch archives. It reads the central directory itself (including zip64, which
 * torch writes for files over 4 GB) because {@link java.util.zip.ZipFile} does not reveal where an entry's
 * bytes start: STORED entries — torch's default, 64-byte aligned — are memory-mapped in place instead of copied.
 */
final class ZipArchive implements AutoCloseable {
    /** Entries at least this big are mapped; smaller ones are cheaper to read into the heap. */
    private static final long MAP_THRESHOLD = 1 << 16;

    record Entry(String name, int method, long compressedSize, long size, long headerOffset, int crc) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ZipArchive(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
    }

    /** Opens {@code file} and reads its central directory; a clear "truncated or corrupt" error otherwise. */
    static ZipArchive open(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            ZipArchive z = new ZipArchive(file, ch);
            z.readDirectory();
            return z;
        } catch (IOException e) {
            close(ch);
            throw new CheckpointFormatException(file, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to recover: the open already failed
            }
        }
    }

    Map<String, Entry> entries() {
        return entries;
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The folder all entries share ({@code "archive/"}); torch names it after the file, users rename files.
     * Checked against {@code data.pkl} so a stray entry does not confuse it.
     */
    String root() {
        for (String n : entries.keySet()) {
            if (n.equals("data.pkl")) {
                return "";
            }
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                return n.substring(0, n.length() - "data.pkl".length());
            }
        }
        return "";
    }

    private CheckpointFormatException corrupt(String reason) {
        return new CheckpointFormatException(file, "truncated or corrupt: " + reason);
    }

    private ByteBuffer readAt(long pos, int n) throws IOException {
        if (pos < 0 || n < 0 || pos > fileSize - n) {
            throw corrupt("record at byte " + pos + " runs past the end of the file (" + fileSize + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                throw corrupt("unexpected end of file");
            }
        }
        return b.flip();
    }

    private void readDirectory() throws IOException {
        int tail = (int) Math.min(fileSize, 22 + 65535);
        if (tail < 22) {
            throw corrupt("too small for a zip archive (" + fileSize + " bytes)");
        }
        ByteBuffer t = readAt(fileSize - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw corrupt("no zip end-of-central-directory record (file cut short?)");
        }
        long count = t.getShort(eocd + 10) & 0xffff;
        long cdSize = t.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = t.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long locator = fileSize - tail + eocd - 20;
            ByteBuffer loc = readAt(locator, 20);
            if (loc.getInt(0) != 0x07064b50) {
                throw corrupt("zip64 locator missing");
            }
            ByteBuffer z64 = readAt(loc.getLong(8), 56);
            if (z64.getInt(0) != 0x06064b50) {
                throw corrupt("zip64 end-of-central-directory record missing");
            }
            count = z64.getLong(32);
            cdSize = z64.getLong(40);
            cdOffset = z64.getLong(48);
            if (count < 0 || cdSize < 0 || cdOffset < 0) {
                throw corrupt("zip64 end-of-central-directory record holds a negative count, size or offset ("
                        + count + ", " + cdSize + ", " + cdOffset + ")");
            }
        }
        // (written so that nothing can overflow: all three are non-negative here)
        if (cdSize > fileSize || cdOffset > fileSize - cdSize || cdSize > Integer.MAX_VALUE || count > cdSize / 46 + 1) {
            throw corrupt("central directory (" + cdSize + " bytes at " + cdOffset + ") lies outside the "
                    + fileSize + "-byte file");
        }
        ByteBuffer cd = readAt(cdOffset, (int) cdSize);
        for (long i = 0; i < count; i++) {
            readCentralEntry(cd);
        }
    }

    private void readCentralEntry(ByteBuffer cd) throws IOException {
        int p = cd.position();
        if (cd.remaining() < 46 || cd.getInt(p) != 0x02014b50) {
            throw corrupt("bad central directory entry at offset " + p);
        }
        int method = cd.getShort(p + 10) & 0xffff;
        int crc = cd.getInt(p + 16);
        long csize = cd.getInt(p + 20) & 0xffffffffL;
        long size = cd.getInt(p + 24) & 0xffffffffL;
        int nameLen = cd.getShort(p + 28) & 0xffff;
        int extraLen = cd.getShort(p + 30) & 0xffff;
        int commentLen = cd.getShort(p + 32) & 0xffff;
        long offset = cd.getInt(p + 42) & 0xffffffffL;
        if (cd.remaining() < 46 + nameLen + extraLen + commentLen) {
            throw corrupt("central directory entry at offset " + p + " is cut short");
        }
        byte[] nb = new byte[nameLen];
        cd.get(p + 46, nb);
        String name = new String(nb, java.nio.charset.StandardCharsets.UTF_8);
        // zip64 extended information: 8-byte values replace the fields saturated at 0xffffffff, in this order
        int x = p + 46 + nameLen;
        int xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
            int id = cd.getShort(x) & 0xffff;
            int len = cd.getShort(x + 2) & 0xffff;
            if (id == 0x0001) {
                int q = x + 4;
                if (size == 0xffffffffL && q + 8 <= x + 4 + len) { size = cd.getLong(q); q += 8; }
                if (csize == 0xffffffffL && q + 8 <= x + 4 + len) { csize = cd.getLong(q); q += 8; }
                if (offset == 0xffffffffL && q + 8 <= x + 4 + len) { offset = cd.getLong(q); }
            }
            x += 4 + len;
        }
        cd.position(p + 46 + nameLen + extraLen + commentLen);
        if (csize < 0 || size < 0 || offset < 0) { // zip64 fields are signed 8-byte values: hostile ones can be negative
            throw corrupt("entry " + name + " has a negative size or offset (" + csize + ", " + size + ", " + offset + ")");
        }
        if (csize > fileSize - 30 || offset > fileSize - 30 - csize) {
            throw corrupt("entry " + name + " extends past the end of the file");
        }
        entries.put(name, new Entry(name, method, csize, size, offset, crc));
    }

    /** {@link #read(String, long)} without a cap of its own (deflate's ratio and the 2 GB limit still apply). */
    ByteBuffer read(String name) {
        return read(name, Long.MAX_VALUE);
    }

    /**
     * The bytes of {@code name}, little-endian, position 0: a read-only mapping for large STORED entries,
     * otherwise a heap copy (inflated if DEFLATED, checked against the CRC). Null when there is no such entry.
     * A DEFLATED entry whose declared size exceeds {@code maxInflated} — what the caller knows the entry should
     * hold, e.g. the bytes of the storage a pickle declares — is refused before anything is inflated, so a small
     * archive cannot make the reader allocate gigabytes (a zip bomb). STORED entries are never inflated: they are
     * mapped or copied as they lie in the file.
     */
    ByteBuffer read(String name, long maxInflated) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        if (e.method() == 8 && e.size() > maxInflated) {
            throw new CheckpointFormatException(file, "entry " + name + " would inflate to " + e.size()
                    + " bytes but at most " + maxInflated + " are expected; refusing to inflate it (zip bomb?)");
        }
        try {
            ByteBuffer lh = readAt(e.headerOffset(), 30);
            if (lh.getInt(0) != 0x04034b50) {
                throw corrupt("entry " + name + " has no local header at byte " + e.headerOffset());
            }
            long data = e.headerOffset() + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
            if (data > fileSize - e.compressedSize()) {
                throw corrupt("entry " + name + " extends past the end of the file");
            }
            if (e.size() > Integer.MAX_VALUE - 8 || e.compressedSize() > Integer.MAX_VALUE - 8) {
                throw new CheckpointFormatException(file, "entry " + name + " is larger than 2 GB; not supported");
            }
            ByteBuffer out;
            if (e.method() == 0) {
                if (e.compressedSize() != e.size()) {
                    throw corrupt("stored entry " + name + " has differing sizes");
                }
                if (e.size() >= MAP_THRESHOLD) {
                    // mapped data stays valid after the channel is closed
                    return channel.map(FileChannel.MapMode.READ_ONLY, data, e.size()).order(ByteOrder.LITTLE_ENDIAN);
                }
                out = readAt(data, (int) e.size());
            } else if (e.method() == 8) {
                // deflate cannot expand more than ~1032:1; a bigger claim is corrupt and must not size a buffer
                if (e.size() > e.compressedSize() * 1032 + 1024) {
                    throw corrupt("entry " + name + " claims " + e.size() + " bytes from " + e.compressedSize()
                            + " compressed bytes");
                }
                out = inflate(name, readAt(data, Math.toIntExact(e.compressedSize())), (int) e.size());
            } else {
                throw new CheckpointFormatException(file, "entry " + name + " uses unsupported zip method " + e.method());
            }
            CRC32 crc = new CRC32();
            crc.update(out.duplicate());
            if ((int) crc.getValue() != e.crc()) {
                throw corrupt("entry " + name + " fails its CRC check");
            }
            return out.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new CheckpointFormatException(file, "cannot read entry " + name + ": " + ex.getMessage(), ex);
        }
    }

    private ByteBuffer inflate(String name, ByteBuffer in, int size) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in);
            ByteBuffer out = ByteBuffer.allocate(size);
            while (out.hasRemaining() && !inf.finished()) {
                if (inf.inflate(out) == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
            }
            if (out.hasRemaining()) {
                throw corrupt("entry " + name + " inflates to fewer than its " + size + " bytes");
            }
            return out.flip();
        } catch (DataFormatException ex) {
            throw corrupt("entry " + name + " is not valid deflate data: " + ex.getMessage());
        } finally {
            inf.end();
        }
    }

    @Override
    public void close() {
        close(channel);
    }
}
