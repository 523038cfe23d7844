package dev.actionclip.formats.pickle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * The bytes of one pickle and the reading of opcode arguments (little-endian, except BINFLOAT). Every read is
 * checked against the bytes left before anything is allocated, so a truncated pickle or a lying length fails as a
 * {@link PickleException} naming the shortfall, never as a huge allocation.
 */
final class PickleInput {
    private final ByteBuffer in;

    PickleInput(ByteBuffer data) {
        this.in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.in.position(0);
    }

    int position() {
        return in.position();
    }

    boolean hasRemaining() {
        return in.hasRemaining();
    }

    /**
     * The next byte, unchecked: an opcode (after {@link #hasRemaining()}) or LONG1's length. Past the end it throws
     * {@link java.nio.BufferUnderflowException}, which {@link Unpickler} reports as a truncated opcode.
     */
    int next() {
        return in.get() & 0xff;
    }

    int u8() {
        need(1);
        return in.get() & 0xff;
    }

    int u16() {
        need(2);
        return in.getShort() & 0xffff;
    }

    int int32() {
        need(4);
        return in.getInt();
    }

    long u32() {
        need(4);
        return in.getInt() & 0xffffffffL;
    }

    /** BINFLOAT's argument: the one big-endian value in a pickle. */
    double float64BigEndian() {
        need(8);
        double d = in.duplicate().order(ByteOrder.BIG_ENDIAN).getDouble(in.position());
        in.position(in.position() + 8);
        return d;
    }

    void skip(int n) {
        need(n);
        in.position(in.position() + n);
    }

    /** Bytes preceded by their length, an unsigned integer of {@code width} bytes. */
    byte[] sized(int width) {
        return bytes(length(width));
    }

    /** Text preceded by its length in bytes, an unsigned integer of {@code width} bytes. */
    String string(int width, Charset charset) {
        return new String(sized(width), charset);
    }

    /** Reads an unsigned little-endian length of {@code width} bytes and checks it fits in what remains. */
    int length(int width) {
        need(width);
        long n;
        switch (width) {
            case 1: n = in.get() & 0xff; break;
            case 4: n = in.getInt() & 0xffffffffL; break;
            default: n = in.getLong(); break;
        }
        if (n < 0 || n > in.remaining()) {
            throw new PickleException("length " + n + " exceeds the " + in.remaining() + " bytes left (truncated or corrupt)");
        }
        return (int) n;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** A newline-terminated ASCII line (protocol 0 arguments, GLOBAL names), at most {@link PickleLimits#MAX_LINE}. */
    String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            need(1);
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            PickleLimits.checkLine(sb.length());
            sb.append((char) (b & 0xff));
        }
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw new PickleException("needs " + n + " more bytes but only " + in.remaining() + " remain (truncated)");
        }
    }
}
