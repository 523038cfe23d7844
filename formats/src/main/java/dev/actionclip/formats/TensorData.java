package dev.actionclip.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as stored in a file: element type, shape, strides and offset (both in elements) over a
 * little-endian byte buffer that may be shared with other tensors (torch storages) or memory-mapped
 * (safetensors). Nothing is copied until a conversion method is called.
 */
public final class TensorData {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final ByteBuffer storage;

    public TensorData(String name, DType dtype, long[] shape, long[] strides, long offset, ByteBuffer storage) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
        this.storage = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (shape.length != strides.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + ": negative storage offset " + offset);
        }
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
            }
            if (strides[i] < 0) {
                throw new IllegalArgumentException(name + ": negative stride in " + Arrays.toString(strides));
            }
            empty |= shape[i] == 0;
        }
        long elements = storage.capacity() / dtype.size();
        if (empty) {
            // no element is ever read, but the offset still has to lie within the storage (as torch requires):
            // views start there (toContiguousBytes, toFloatArray position the buffer at it)
            if (offset > elements) {
                throw new IllegalArgumentException(name + ": empty tensor at storage offset " + offset
                        + " beyond its storage of " + elements + " " + dtype + " elements");
            }
        } else {
            long last = offset; // index of the view's last element in the storage, which must hold it
            try {
                for (int i = 0; i < shape.length; i++) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, strides[i]));
                }
            } catch (ArithmeticException e) {
                last = Long.MAX_VALUE;
            }
            if (last >= elements) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " " + dtype
                        + " with strides " + Arrays.toString(strides) + " and offset " + offset + " reaches element "
                        + (last == Long.MAX_VALUE ? "beyond 2^63" : String.valueOf(last)) + " but its storage has "
                        + storage.capacity() + " bytes (" + elements + " elements; truncated or corrupt file?)");
            }
        }
    }

    /** A contiguous tensor over {@code storage} from its start. */
    public static TensorData contiguous(String name, DType dtype, long[] shape, ByteBuffer storage) {
        return new TensorData(name, dtype, shape, contiguousStrides(shape), 0, storage);
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long[] strides() {
        return strides.clone();
    }

    /** Offset of the first element, in elements. */
    public long offset() {
        return offset;
    }

    /** The whole underlying storage (position 0, little-endian); the tensor starts at {@link #offset()}. */
    public ByteBuffer storage() {
        return storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public boolean isContiguous() {
        return Arrays.equals(strides, contiguousStrides(shape)) || numel() <= 1;
    }

    /** Same tensor under another name (used when readers map checkpoint keys). */
    public TensorData renamed(String newName) {
        return new TensorData(newName, dtype, shape, strides, offset, storage);
    }

    public String describe() {
        return name + " " + dtype + Arrays.toString(shape);
    }

    /** Element {@code i} of the storage (not of the view), converted to double. */
    private double storageElement(ByteBuffer b, long i) {
        int p = Math.toIntExact(i * dtype.size());
        switch (dtype) {
            case F64: return b.getDouble(p);
            case F32: return b.getFloat(p);
            case F16: return Half.toFloat(b.getShort(p));
            case BF16: return Float.intBitsToFloat((b.getShort(p) & 0xffff) << 16);
            case I64: return b.getLong(p);
            case I32: return b.getInt(p);
            case I16: return b.getShort(p);
            case I8: return b.get(p);
            case U8: return b.get(p) & 0xff;
            case BOOL: return b.get(p) != 0 ? 1 : 0;
            default: throw new AssertionError(dtype);
        }
    }

    /** Visits the view's elements in row-major order, giving storage indices. */
    private void forEachIndex(java.util.function.LongConsumer visitor) {
        long n = numel();
        if (n == 0) {
            return;
        }
        int rank = shape.length;
        long[] idx = new long[rank];
        long pos = offset;
        for (long k = 0; k < n; k++) {
            visitor.accept(pos);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                pos += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                pos -= idx[d] * strides[d];
                idx[d] = 0;
            }
        }
    }

    /** Row-major float copy of the view, converting from any element type. */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        ByteBuffer b = storage;
        if (dtype == DType.F32 && isContiguous()) {
            b.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(offset * 4)).asFloatBuffer().get(out);
            return out;
        }
        int[] k = {0};
        forEachIndex(i -> out[k[0]++] = (float) storageElement(b, i));
        return out;
    }

    /** Row-major long copy of the view (integer types exact, floats truncated). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(numel())];
        ByteBuffer b = storage;
        int[] k = {0};
        if (dtype == DType.I64) {
            forEachIndex(i -> out[k[0]++] = b.getLong(Math.toIntExact(i * 8)));
        } else {
            forEachIndex(i -> out[k[0]++] = (long) storageElement(b, i));
        }
        return out;
    }

    /** Row-major bytes of the view in its own element type (a contiguous copy). */
    public ByteBuffer toContiguousBytes() {
        int es = dtype.size();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(numel() * es)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer src = storage;
        if (isContiguous()) {
            ByteBuffer s = src.duplicate();
            s.position(Math.toIntExact(offset * es)).limit(Math.toIntExact((offset + numel()) * es));
            out.put(s);
        } else {
            forEachIndex(i -> {
                for (int j = 0; j < es; j++) {
                    out.put(src.get(Math.toIntExact(i * es + j)));
                }
            });
        }
        out.flip();
        return out;
    }
}
