package dev.actionclip.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class TorchTest {
    @Test
    void initIsIdempotentAndSetsIntraOpThreads() {
        assertEquals(1, Torch.init(1));
        assertEquals(1, torch.get_num_threads());
        assertEquals(2, Torch.init(2));
        assertEquals(2, torch.get_num_threads());
        assertEquals(1, Torch.init(1));
        assertEquals(1, Torch.threads());
    }

    @Test
    void threadsFromEnvironment() {
        assertEquals(3, Torch.defaultThreads("3"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Torch.defaultThreads(null));
        assertEquals(Runtime.getRuntime().availableProcessors(), Torch.defaultThreads(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.defaultThreads("many"));
        assertTrue(e.getMessage().contains(Torch.THREADS_ENV), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Torch.defaultThreads("0"));
    }

    @Test
    void threadRuleWithoutLoading() {
        assertEquals(3, Torch.resolveThreads(3), "an explicit count wins");
        if (System.getenv(Torch.THREADS_ENV) == null) {
            assertEquals(Runtime.getRuntime().availableProcessors(), Torch.resolveThreads(0));
        }
        assertEquals(1, Torch.interopThreads(1));
        assertEquals(2, Torch.interopThreads(2));
        assertEquals(2, Torch.interopThreads(64), "a small fixed inter-op pool");
    }

    @Test
    void selfCheckReportsTheLoadedLibraries() {
        String report = TorchSelfCheck.run(1);
        assertTrue(report.startsWith("selfcheck ok"), report);
        assertTrue(TorchSelfCheck.libtorchVersion().matches("\\d+\\.\\d+\\.\\d+.*"), TorchSelfCheck.libtorchVersion());
        assertTrue(!TorchSelfCheck.cpuCapability().isBlank());
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(TorchSelfCheck.mappedTorchLibraries().stream().anyMatch(p -> p.endsWith("/libc10.so")),
                    TorchSelfCheck.mappedTorchLibraries().toString());
            assertTrue(TorchSelfCheck.mappedLibraries("libtorch_cpu").stream()
                    .allMatch(p -> p.endsWith("libtorch_cpu.so")));
        }
        assertTrue(TorchSelfCheck.mappedLibraries("no-such-library-prefix").isEmpty());
    }

    @Test
    void parsesDtypes() {
        assertEquals(ScalarType.Float, Torch.dtype("float32"));
        assertEquals(ScalarType.Float, Torch.dtype("FP32"));
        assertEquals(ScalarType.BFloat16, Torch.dtype("bf16"));
        assertEquals(ScalarType.BFloat16, Torch.dtype("bfloat16"));
        assertEquals(ScalarType.Half, Torch.dtype("fp16"));
        assertEquals(ScalarType.Half, Torch.dtype("float16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.dtype("int8"));
        assertTrue(e.getMessage().contains("int8"), e.getMessage());
    }

    @Test
    void parsesDevices() {
        Torch.init(1);
        try (Device cpu = Torch.device("cpu")) {
            assertTrue(cpu.is_cpu());
        }
        assertThrows(IllegalArgumentException.class, () -> Torch.device("gpu"));
        assertThrows(IllegalArgumentException.class, () -> Torch.device("cuda:x"));
        assertThrows(IllegalArgumentException.class, () -> Torch.device("cuda:-1"));
        if (!torch.cuda_is_available()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.device("cuda:0"));
            assertTrue(e.getMessage().contains("CUDA is not available"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Torch.device("cuda"));
        } else {
            try (Device d = Torch.device("cuda")) {
                assertTrue(d.is_cuda());
            }
        }
    }
}
