package dev.actionclip.formats.pickle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Decodes pickled numpy scalars ({@code numpy.core.multiarray.scalar(dtype, raw_bytes)}), which training
 * scripts sometimes store for a best accuracy or a learning rate, into Java numbers — by reading the bytes,
 * never by calling numpy.
 */
final class NumpyScalars {
    private NumpyScalars() {
    }

    /** {@code numpy.dtype('f8', ...)} plus the byte order its BUILD state sets. */
    static final class Dtype {
        final String code;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Dtype(String code) {
            this.code = code;
        }

        void setState(Object state) {
            if (state instanceof List && ((List<?>) state).size() > 1 && ">".equals(((List<?>) state).get(1))) {
                order = ByteOrder.BIG_ENDIAN;
            }
        }

        @Override
        public String toString() {
            return "numpy.dtype(" + code + ")";
        }
    }

    static Object decode(Object dtype, Object raw) {
        if (!(dtype instanceof Dtype) || !(raw instanceof byte[])) {
            throw new IllegalArgumentException("numpy scalar needs a dtype and bytes, got "
                    + PyValues.typeName(dtype) + " and " + PyValues.typeName(raw));
        }
        Dtype d = (Dtype) dtype;
        byte[] b = (byte[]) raw;
        ByteBuffer bb = ByteBuffer.wrap(b).order(d.order);
        String code = d.code.replaceAll("^[<>|=]", "");
        int need;
        switch (code) {
            case "f8": case "i8": case "u8": need = 8; break;
            case "f4": case "i4": case "u4": need = 4; break;
            case "f2": case "i2": case "u2": need = 2; break;
            case "i1": case "u1": case "b1": need = 1; break;
            default: throw new IllegalArgumentException("unsupported numpy scalar type '" + d.code + "'");
        }
        if (b.length != need) {
            throw new IllegalArgumentException("numpy " + d.code + " scalar has " + b.length + " bytes");
        }
        switch (code) {
            case "f8": return bb.getDouble();
            case "f4": return (double) bb.getFloat();
            case "f2": return (double) dev.actionclip.formats.Half.toFloat(bb.getShort());
            case "i8": case "u8": return bb.getLong();
            case "i4": return (long) bb.getInt();
            case "u4": return bb.getInt() & 0xffffffffL;
            case "i2": return (long) bb.getShort();
            case "u2": return (long) (bb.getShort() & 0xffff);
            case "i1": return (long) bb.get();
            case "u1": return (long) (bb.get() & 0xff);
            default: return b[0] != 0;
        }
    }
}
