package dev.actionclip.video.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.video.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentTest {
    private static List<RgbImage> frames(int w, int h, int n) {
        List<RgbImage> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            byte[] p = new byte[3 * w * h];
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) (i * 7 + k * 13 + (i / (3 * w)) * 5);
            }
            out.add(new RgbImage(w, h, p));
        }
        return out;
    }

    @Test
    void seededTrainAugmentIsReproducible() {
        List<RgbImage> f = frames(340, 256, 4);
        FrameTensor a = new TrainAugment(112, 7).apply(f);
        FrameTensor b = new TrainAugment(112, 7).apply(f);
        assertArrayEquals(a.data(), b.data());
        assertArrayEquals(new long[] {4, 3, 112, 112}, a.shape());
        TrainAugment aug = new TrainAugment(224, 1);
        for (int i = 0; i < 50; i++) {
            int[] c = aug.sampleCrop(340, 256);
            assertTrue(c[0] + c[2] <= 340 && c[1] + c[3] <= 256, java.util.Arrays.toString(c));
            assertTrue(c[0] >= (int) (256 * .66) && c[1] >= (int) (256 * .66));
        }
    }

    @Test
    void threeCropAndActionClipTest() {
        List<RgbImage> f = frames(320, 240, 2);
        FrameTensor t = ClipPreprocessor.builder().resize(64).crop(64).threeCrop(true).build().apply(f);
        assertEquals(3, t.crops());
        assertArrayEquals(new long[] {6, 3, 64, 64}, t.shape());
        FrameTensor centre = ClipPreprocessor.clip(64).apply(f);
        assertArrayEquals(centre.data(), t.crop(1));
        FrameTensor test = ClipPreprocessor.actionClipTest(224).apply(f);
        assertArrayEquals(new long[] {2, 3, 224, 224}, test.shape());
    }

    @Test
    void grayscaleAndFlip() {
        RgbImage img = frames(8, 4, 1).get(0);
        RgbImage g = ColorOps.grayscale(img);
        assertEquals(g.get(3, 2, 0), g.get(3, 2, 2));
        assertEquals(img.get(0, 1, 1), img.flipHorizontal().get(7, 1, 1));
        assertEquals(img.get(0, 0, 0), img.rotateClockwise(90).get(3, 0, 0));
    }
}
