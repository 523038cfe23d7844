package dev.actionclip.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeaturesTest {
    @TempDir
    Path tmp;

    private CpuFeatures cpu(String flags) throws Exception {
        return CpuFeatures.read(Files.writeString(tmp.resolve("cpuinfo"),
                "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: " + flags + "\n\nprocessor\t: 1\nflags\t: avx512_bf16\n"));
    }

    @Test
    void autoIsBf16OnlyWithNativeBf16() throws Exception {
        assertEquals(Precision.BF16, cpu("fpu avx2 avx512f avx512_bf16").autoPrecision());
        assertEquals(Precision.BF16, cpu("fpu avx2 amx_tile amx_bf16").autoPrecision());
        // the first processor's flags decide; a flag that merely starts with the name does not count
        CpuFeatures plain = cpu("fpu avx2 avx512f avx512_bf16x");
        assertEquals(Precision.FLOAT32, plain.autoPrecision());
        assertEquals("Test CPU", plain.model());
        assertTrue(plain.has("avx2"));
    }

    @Test
    void unreadableCpuinfoKnowsNothing() {
        CpuFeatures none = CpuFeatures.read(tmp.resolve("absent"));
        assertFalse(none.known());
        assertEquals(Precision.FLOAT32, none.autoPrecision());
    }
}
