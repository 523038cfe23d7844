package dev.actionclip.video.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {
    @Test
    void tsnTestTakesSegmentCentresLikeActionClip() {
        // N=100, T=8: int(i*12.5 + (12.5-1)/2) = int(5.75 + 12.5 i)
        assertArrayEquals(new int[] {5, 18, 30, 43, 55, 68, 80, 93}, TsnSampler.test(8).sample(100).get(0));
        // N=300, T=8: int(i*37.5 + 18.25)
        assertArrayEquals(new int[] {18, 55, 93, 130, 168, 205, 243, 280}, TsnSampler.test(8).sample(300).get(0));
        assertArrayEquals(new int[] {50}, TsnSampler.test(1).sample(101).get(0));
    }

    @Test
    void tsnTestShortVideosRepeatFrames() {
        // N <= T: i * N // T
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2}, TsnSampler.test(8).sample(3).get(0));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, TsnSampler.test(8).sample(1).get(0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, TsnSampler.test(8).sample(8).get(0));
    }

    @Test
    void tsnTrainIsSeededAndStaysInSegments() {
        int[] a = TsnSampler.train(8, 42).sample(100).get(0);
        assertArrayEquals(a, TsnSampler.train(8, 42).sample(100).get(0));
        assertNotEquals(List.of(a), List.of(TsnSampler.train(8, 43).sample(100).get(0)));
        for (int i = 0; i < 8; i++) {
            int lo = i * 100 / 8;
            int hi = (i + 1) * 100 / 8;
            assertTrue(a[i] >= lo && a[i] < hi, "segment " + i + ": " + a[i]);
        }
        int[] s = TsnSampler.train(8, 1).sample(3).get(0);   // every frame once, rest random, sorted
        assertEquals(8, s.length);
        for (int f = 0; f < 3; f++) {
            final int ff = f;
            assertTrue(java.util.Arrays.stream(s).anyMatch(x -> x == ff));
        }
        for (int i = 1; i < 8; i++) {
            assertTrue(s[i] >= s[i - 1]);
        }
    }

    @Test
    void multiViewAndUniform() {
        List<int[]> views = new TsnSampler(4, SamplingMode.TEST, 0, 2).sample(40);
        assertArrayEquals(new int[] {2, 12, 22, 32}, views.get(0));   // int(10 i + 9 * 0.25)
        assertArrayEquals(new int[] {6, 16, 26, 36}, views.get(1));   // int(10 i + 9 * 0.75)
        UniformSampler u = new UniformSampler(4, 2, SamplingMode.TEST, 0, 3);
        List<int[]> uv = u.sample(20);
        assertArrayEquals(new int[] {0, 2, 4, 6}, uv.get(0));
        assertArrayEquals(new int[] {7, 9, 11, 13}, uv.get(1));
        assertArrayEquals(new int[] {13, 15, 17, 19}, uv.get(2));
        assertArrayEquals(new int[] {0, 2, 4, 4}, new UniformSampler(4, 2, SamplingMode.TEST, 0, 1).sample(5).get(0));
    }

    @Test
    void timeRangeShiftsIndices() {
        SamplingSpec spec = SamplingSpec.tsn(4).range(2.0, 4.0).build();
        // 25 fps: frames 50..99 (50 frames), centres int(12.5 i + 5.75) + 50
        assertArrayEquals(new int[] {55, 68, 80, 93}, spec.indices(250, 25).get(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingSpec.tsn(4).range(20, 30).build().indices(250, 25));
    }
}
