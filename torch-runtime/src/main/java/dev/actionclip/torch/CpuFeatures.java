package dev.actionclip.torch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU's instruction set extensions that decide the fast path, read from {@code /proc/cpuinfo} (Linux; elsewhere
 * nothing is known and every answer is false). bf16 is only faster than float32 where the CPU multiplies bf16 in
 * hardware (avx512_bf16 or AMX); elsewhere LibTorch emulates it and float32 wins.
 */
public final class CpuFeatures {
    private static volatile CpuFeatures host;

    private final String model;
    private final String flags;

    CpuFeatures(String model, String flags) {
        this.model = model;
        this.flags = flags == null ? null : " " + flags.strip() + " ";
    }

    /** This machine's features, read once. */
    public static CpuFeatures host() {
        CpuFeatures h = host;
        if (h == null) {
            h = read(Path.of("/proc/cpuinfo"));
            host = h;
        }
        return h;
    }

    /** Parses a cpuinfo file: the first processor's {@code model name} and {@code flags}. */
    static CpuFeatures read(Path cpuinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures(null, null);
        }
        String model = null;
        String flags = null;
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = l.substring(0, colon).strip();
            if (model == null && key.equals("model name")) {
                model = l.substring(colon + 1).strip();
            } else if (flags == null && key.equals("flags")) {
                flags = l.substring(colon + 1);
            }
        }
        return new CpuFeatures(model, flags);
    }

    /** The CPU's model name, or null when unknown. */
    public String model() {
        return model;
    }

    /** False when the flags could not be read. */
    public boolean known() {
        return flags != null;
    }

    public boolean has(String flag) {
        return flags != null && flags.contains(" " + flag + " ");
    }

    public boolean amx() {
        return has("amx_tile") || has("amx_bf16") || has("amx_int8");
    }

    /** bf16 matrix products in hardware: avx512_bf16 or AMX. */
    public boolean nativeBf16() {
        return has("avx512_bf16") || amx();
    }

    /**
     * {@code --dtype auto} on the CPU: bf16 where the CPU has it natively, float32 elsewhere. bf16 was validated
     * against float32 on a trained model (same top-1 on every held-out clip; README, "Benchmarks").
     */
    public Precision autoPrecision() {
        return nativeBf16() ? Precision.BF16 : Precision.FLOAT32;
    }
}
