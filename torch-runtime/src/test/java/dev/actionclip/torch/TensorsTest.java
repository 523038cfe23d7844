package dev.actionclip.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class TensorsTest {
    @Test
    void roundTripsFloatsAndLongs() {
        try (Tensor t = Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
            assertArrayEquals(new long[] {2, 3}, Tensors.shape(t));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensors.toFloatArray(t));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensors.toData("x", t).toFloatArray());
        }
        try (Tensor t = Tensors.of(new long[] {7, 8}, 2)) {
            assertArrayEquals(new long[] {7, 8}, Tensors.toLongArray(t));
        }
    }

    @Test
    void meanOfReferenceFrameFeaturesIsMeanP() {
        Path ref = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("reference.safetensors");
        assumeTrue(Files.exists(ref) || SharedFiles.inCi(), "fixture absent: " + ref);
        SafeTensors st = SafeTensors.open(ref);
        try (Tensor ff = Tensors.fromData(st.get("frame_features"));
             Tensor mean = ff.mean(new long[] {1}, false, (org.bytedeco.pytorch.ScalarTypeOptional) null)) {
            assertArrayEquals(st.get("fused.meanP").toFloatArray(), Tensors.toFloatArray(mean), 1e-5f);
        }
    }
}
