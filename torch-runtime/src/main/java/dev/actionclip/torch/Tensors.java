package dev.actionclip.torch;

import dev.actionclip.formats.DType;
import dev.actionclip.formats.TensorData;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Moves tensors between files ({@link TensorData}), Java arrays and LibTorch. */
public final class Tensors {
    static {
        Torch.loadNatives(); // callers that skipped Torch.init still get the safe load order
    }

    private Tensors() {
    }

    public static ScalarType scalarType(DType t) {
        switch (t) {
            case F64: return ScalarType.Double;
            case F32: return ScalarType.Float;
            case F16: return ScalarType.Half;
            case BF16: return ScalarType.BFloat16;
            case I64: return ScalarType.Long;
            case I32: return ScalarType.Int;
            case I16: return ScalarType.Short;
            case I8: return ScalarType.Char;
            case U8: return ScalarType.Byte;
            case BOOL: return ScalarType.Bool;
            default: throw new AssertionError(t);
        }
    }

    public static DType dtype(ScalarType t) {
        t = t.intern(); // values returned from native code are not the enum constants themselves
        if (t == ScalarType.Double) return DType.F64;
        if (t == ScalarType.Float) return DType.F32;
        if (t == ScalarType.Half) return DType.F16;
        if (t == ScalarType.BFloat16) return DType.BF16;
        if (t == ScalarType.Long) return DType.I64;
        if (t == ScalarType.Int) return DType.I32;
        if (t == ScalarType.Short) return DType.I16;
        if (t == ScalarType.Char) return DType.I8;
        if (t == ScalarType.Byte) return DType.U8;
        if (t == ScalarType.Bool) return DType.BOOL;
        throw new IllegalArgumentException("unsupported scalar type " + t);
    }

    /**
     * A LibTorch tensor that owns a contiguous copy of {@code data}, in the file's own dtype. The copy is made
     * once, by LibTorch, from a strided view over the file's bytes (a memory-mapped or inflated storage): no Java
     * copy, so nothing waits for the garbage collector to give memory back (a ViT-B/32 used to hold a second 600 MB
     * until the next GC). The file may be closed afterwards.
     */
    public static Tensor fromData(TensorData data) {
        long[] shape = data.shape();
        TensorOptions options = new TensorOptions(scalarType(data.dtype()));
        if (data.numel() == 0) {
            return torch.empty(shape, options, null);
        }
        ByteBuffer storage = data.storage().duplicate().clear();
        long offsetBytes = Math.multiplyExact(data.offset(), (long) data.dtype().size());
        BytePointer owned = null;
        BytePointer base;
        if (storage.isDirect()) {
            base = new BytePointer(storage);
        } else {
            // a heap storage (an inflated zip entry): LibTorch needs native memory, freed right after the copy
            owned = new BytePointer(storage.capacity());
            owned.put(storage.array(), storage.arrayOffset(), storage.capacity());
            base = owned;
        }
        try (BytePointer at = base.getPointer(BytePointer.class, offsetBytes);
             Tensor view = torch.from_blob(at, shape, data.strides(), options);
             MemoryFormatOptional contiguous = new MemoryFormatOptional(torch.MemoryFormat.Contiguous)) {
            return view.clone(contiguous);
        } finally {
            if (owned != null) {
                owned.deallocate();
            }
        }
    }

    /** Like {@link #fromData(TensorData)} then converted to {@code type}. */
    public static Tensor fromData(TensorData data, ScalarType type) {
        Tensor t = fromData(data);
        if (t.scalar_type().intern() == type) {
            return t;
        }
        Tensor c = t.to(type);
        t.close();
        return c;
    }

    /** A float32 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(float[] values, long... shape) {
        check(values.length, shape);
        try (FloatPointer p = new FloatPointer(values);
             Tensor view = torch.from_blob(p, shape, new TensorOptions(ScalarType.Float))) {
            return view.clone();
        }
    }

    /** An int64 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(long[] values, long... shape) {
        check(values.length, shape);
        try (LongPointer p = new LongPointer(values);
             Tensor view = torch.from_blob(p, shape, new TensorOptions(ScalarType.Long))) {
            return view.clone();
        }
    }

    private static void check(long n, long[] shape) {
        long m = 1;
        for (long d : shape) {
            m *= d;
        }
        if (m != n) {
            throw new IllegalArgumentException(n + " values do not fill shape " + java.util.Arrays.toString(shape));
        }
    }

    /** The tensor's values as float32, row-major (moves to CPU and converts when needed). */
    public static float[] toFloatArray(Tensor t) {
        // The scope frees the intermediate detach/to/cpu tensors too, not only the last one.
        try (PointerScope scope = new PointerScope()) {
            Tensor c = t.detach().to(ScalarType.Float).cpu().contiguous();
            float[] out = new float[Math.toIntExact(c.numel())];
            if (out.length > 0) {
                c.data_ptr_float().get(out);
            }
            return out;
        }
    }

    /** The tensor's values as int64, row-major. */
    public static long[] toLongArray(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            Tensor c = t.detach().to(ScalarType.Long).cpu().contiguous();
            long[] out = new long[Math.toIntExact(c.numel())];
            if (out.length > 0) {
                c.data_ptr_long().get(out);
            }
            return out;
        }
    }

    /** The tensor's shape. */
    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** A CPU copy of {@code t} as {@link TensorData} in its own dtype (for writing safetensors). */
    public static TensorData toData(String name, Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            Tensor c = t.detach().cpu().contiguous();
            DType dt = dtype(c.scalar_type());
            long bytes = c.numel() * dt.size();
            ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(bytes));
            if (bytes > 0) {
                BytePointer src = new BytePointer(c.data_ptr()).capacity(bytes);
                buf.put(src.asByteBuffer());
                buf.flip();
            }
            return TensorData.contiguous(name, dt, shape(c), buf);
        }
    }
}
