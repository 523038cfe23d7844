package dev.actionclip.formats;

import java.util.Locale;

/** Element types found in checkpoint files, with their safetensors and torch storage names. */
public enum DType {
    F64(8, "F64", "DoubleStorage"),
    F32(4, "F32", "FloatStorage"),
    F16(2, "F16", "HalfStorage"),
    BF16(2, "BF16", "BFloat16Storage"),
    I64(8, "I64", "LongStorage"),
    I32(4, "I32", "IntStorage"),
    I16(2, "I16", "ShortStorage"),
    I8(1, "I8", "CharStorage"),
    U8(1, "U8", "ByteStorage"),
    BOOL(1, "BOOL", "BoolStorage");

    private final int size;
    private final String safetensorsName;
    private final String torchStorageName;

    DType(int size, String safetensorsName, String torchStorageName) {
        this.size = size;
        this.safetensorsName = safetensorsName;
        this.torchStorageName = torchStorageName;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public String safetensorsName() {
        return safetensorsName;
    }

    public String torchStorageName() {
        return torchStorageName;
    }

    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** Parses a safetensors dtype string such as {@code "F16"}; null when unknown. */
    public static DType fromSafetensors(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (DType t : values()) {
            if (t.safetensorsName.equals(upper)) {
                return t;
            }
        }
        return null;
    }

    /** Parses a torch storage class name such as {@code "HalfStorage"}; null when unknown. */
    public static DType fromTorchStorage(String name) {
        for (DType t : values()) {
            if (t.torchStorageName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
