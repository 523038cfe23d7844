package dev.actionclip.torch;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The compute type of a model's weights and activations. */
public enum Precision {
    FLOAT32("float32", ScalarType.Float),
    BF16("bf16", ScalarType.BFloat16),
    FP16("fp16", ScalarType.Half);

    private final String label;
    private final ScalarType scalarType;

    Precision(String label, ScalarType scalarType) {
        this.label = label;
        this.scalarType = scalarType;
    }

    /**
     * {@code float32}/{@code fp32}/{@code f32}/{@code float}, {@code bf16}/{@code bfloat16},
     * {@code fp16}/{@code float16}/{@code f16}/{@code half} (case-insensitive).
     */
    public static Precision parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "float32": case "fp32": case "f32": case "float":
                return FLOAT32;
            case "bf16": case "bfloat16":
                return BF16;
            case "fp16": case "float16": case "f16": case "half":
                return FP16;
            default:
                throw new IllegalArgumentException("bad dtype '" + spec + "': expected float32, bf16 or fp16");
        }
    }

    public ScalarType scalarType() {
        return scalarType;
    }

    @Override
    public String toString() {
        return label;
    }
}
