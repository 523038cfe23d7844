package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.actionclip.video.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShotCutsTest {
    /** A 64 x 64 frame: plain background, per-pixel noise, a 12 px white square at (x, 20). */
    private static RgbImage frame(int[] bg, int x, Random noise) {
        byte[] rgb = new byte[64 * 64 * 3];
        for (int y = 0; y < 64; y++) {
            for (int c = 0; c < 64; c++) {
                boolean square = c >= x && c < x + 12 && y >= 20 && y < 32;
                for (int k = 0; k < 3; k++) {
                    int v = square ? 230 : bg[k] + noise.nextInt(-12, 13);
                    rgb[(y * 64 + c) * 3 + k] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return new RgbImage(64, 64, rgb);
    }

    @Test
    void findsTheCutsAndNotTheMotion() {
        ShotCuts cuts = ShotCuts.standard();
        Random noise = new Random(7);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            // shot 1: grey, square moving right 2 px a frame; shot 2 (frame 16): another background, the square
            // jumps back; shot 3 (frame 32): a background close to shot 2's, only the square's jump tells
            int[] bg = i < 16 ? new int[] {60, 60, 60} : i < 32 ? new int[] {90, 40, 70} : new int[] {80, 45, 75};
            int x = 2 + 2 * (i % 16);
            if (cuts.isCut(frame(bg, x, noise))) {
                found.add(i);
            }
        }
        assertEquals(List.of(16, 32), found);
        assertThrows(IllegalArgumentException.class, () -> new ShotCuts(0, 3));
    }
}
