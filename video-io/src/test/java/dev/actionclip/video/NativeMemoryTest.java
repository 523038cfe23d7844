package dev.actionclip.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.sampling.SamplingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and sampling a video many times must not leak native memory (grabbers, packets, frames). */
@Tag("slow")
class NativeMemoryTest {
    @TempDir
    Path dir;

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    void repeatedOpenAndSampleDoesNotGrowRss() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
        Path v = TestVideos.mp4(dir.resolve("small.mp4"), 96, 64, 40);
        SamplingSpec spec = SamplingSpec.tsn(8).build();
        ClipPreprocessor pre = ClipPreprocessor.clip(32);
        for (int i = 0; i < 200; i++) {     // warm-up: code, caches, heap and malloc arenas settle
            VideoFrames.sample(v, spec, pre);
        }
        // RSS after a GC swings by tens of MB (heap and malloc arenas giving memory back); a leak lifts the
        // floor, so compare the lowest readings of the first and last stretch of checkpoints
        long[] rss = new long[10];
        long t0 = System.nanoTime();
        for (int i = 1; i <= 1000; i++) {
            Clip c = VideoFrames.sample(v, spec, pre);
            assertEquals(8, c.frames());
            if (i % 100 == 0) {
                System.gc();
                rss[i / 100 - 1] = rssKb();
            }
        }
        long early = Math.min(rss[0], Math.min(rss[1], rss[2]));
        long late = Math.min(rss[7], Math.min(rss[8], rss[9]));
        System.out.printf("RSS (MB) every 100 open+sample: %s; floor early %d MB, late %d MB (%.1f s)%n",
                java.util.Arrays.toString(java.util.Arrays.stream(rss).map(k -> k / 1024).toArray()), early / 1024,
                late / 1024, (System.nanoTime() - t0) / 1e9);
        // a leaked decoder or format context per open would be > 100 KB each, i.e. > 70 MB here
        assertTrue(late - early < 48 * 1024, "RSS floor grew by " + (late - early) / 1024 + " MB");
    }
}
