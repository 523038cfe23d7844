package dev.actionclip.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.video.sampling.DecodeStrategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSourceTest {
    @TempDir
    Path dir;

    @Test
    void probeAndSequentialRead() throws Exception {
        Path v = TestVideos.mp4(dir.resolve("a.mp4"), 64, 48, 30);
        try (VideoSource s = VideoSource.file(v).exactFrameCount(true).open()) {
            VideoProbe p = s.probe();
            System.out.println(p);
            assertEquals(30, p.exactFrameCount());
            assertEquals(64, p.width());
            assertEquals(48, p.height());
            assertEquals(25.0, p.avgFps(), 0.01);
            assertEquals(0, p.rotation());
            assertTrue(p.constantFrameRate());
            assertEquals("mpeg4", p.codec());
            int n = 0;
            for (RgbFrame f : s.stream()) {
                assertEquals(n, f.index());
                assertEquals(n / 25.0, f.timestamp(), 1e-3);
                assertEquals(64, f.width());
                n++;
            }
            assertEquals(30, n);
            assertNull(s.read());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mpeg4", "libopenh264", "libvpx-vp9"})
    void seekAndSequentialGiveIdenticalFrames(String codec) throws Exception {
        Path v = TestVideos.write(dir.resolve("gop-" + codec + (codec.contains("vp9") ? ".webm" : ".mp4")), 96, 64, 120, 30,
                codec.contains("vp9") ? "webm" : "mp4", -1, codec, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P, 0, 10, null);
        int[] idx = {0, 5, 9, 10, 11, 47, 48, 60, 99, 118, 119};
        List<RgbFrame> seq;
        List<RgbFrame> seek;
        List<RgbFrame> auto;
        try (VideoSource s = VideoSource.file(v).exactFrameCount(true).open()) {
            seq = VideoFrames.frames(s, idx, DecodeStrategy.SEQUENTIAL);
        }
        try (VideoSource s = VideoSource.file(v).exactFrameCount(true).open()) {
            FrameFetcher ff = new FrameFetcher(s, DecodeStrategy.SEEK);
            var m = ff.fetch(idx);
            seek = idx.length == m.size() ? List.copyOf(m.values()) : null;
            assertTrue(ff.seeks() > 5, "seeks " + ff.seeks());
        }
        try (VideoSource s = VideoSource.file(v).exactFrameCount(true).open()) {
            auto = VideoFrames.frames(s, idx, DecodeStrategy.AUTO);
        }
        assertNotNull(seek);
        for (int i = 0; i < idx.length; i++) {
            assertEquals(idx[i], seq.get(i).index());
            assertEquals(idx[i], seek.get(i).index());
            assertEquals(seq.get(i).timestamp(), seek.get(i).timestamp(), 1e-6, "timestamp of frame " + idx[i]);
            assertArrayEquals(seq.get(i).image().rgb(), seek.get(i).image().rgb(), "frame " + idx[i] + " seek vs sequential");
            assertArrayEquals(seq.get(i).image().rgb(), auto.get(i).image().rgb(), "frame " + idx[i] + " auto vs sequential");
        }
    }
}
