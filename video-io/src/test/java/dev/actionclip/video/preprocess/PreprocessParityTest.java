package dev.actionclip.video.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.formats.TensorData;
import dev.actionclip.video.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Compares CLIP preprocessing with the Python reference (PIL bicubic + torchvision centre crop + normalise). */
class PreprocessParityTest {
    @Test
    void matchesPythonReference() {
        Path p = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("preprocess.safetensors");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        SafeTensors st = SafeTensors.open(p);
        int checked = 0;
        for (int i = 0; st.tensors().containsKey("frame." + i); i++) {
            TensorData frame = st.get("frame." + i);
            TensorData expected = st.get("expected." + i);
            long[] fs = frame.shape();
            long[] es = expected.shape();
            int h = (int) fs[0];
            int w = (int) fs[1];
            int size = (int) es[1];     // the model resolution comes from the fixture, not from a constant
            byte[] rgb = new byte[3 * w * h];
            frame.toContiguousBytes().get(rgb);
            FrameTensor out = ClipPreprocessor.clip(size).apply(List.of(new RgbImage(w, h, rgb)));
            assertArrayEquals(new long[] {1, es[0], es[1], es[2]}, out.shape());
            float[] exp = expected.toFloatArray();
            double sum = 0;
            double max = 0;
            for (int k = 0; k < exp.length; k++) {
                double d = Math.abs(exp[k] - out.data()[k]);
                sum += d;
                max = Math.max(max, d);
            }
            double mean = sum / exp.length;
            System.out.printf(Locale.ROOT, "preprocess parity frame.%d %dx%d -> %d: mean abs %.6f, max abs %.6f%n",
                    i, w, h, size, mean, max);
            assertTrue(mean <= 0.03, "frame." + i + " mean abs error " + mean);
            assertTrue(max <= 0.5, "frame." + i + " max abs error " + max);
            checked++;
        }
        assertTrue(checked > 0, "no frame.N tensors in " + p + ": " + st.tensors().keySet());
    }
}
