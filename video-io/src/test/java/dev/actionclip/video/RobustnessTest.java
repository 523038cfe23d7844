package dev.actionclip.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FFV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.sampling.SamplingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken inputs give a {@link VideoReadException} naming the file; unusual but valid videos work. */
class RobustnessTest {
    @TempDir
    Path dir;

    private VideoReadException fails(Path p) {
        VideoReadException e = assertThrows(VideoReadException.class,
                () -> VideoFrames.sample(p, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(32)));
        assertEquals(p.toString(), e.source());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        System.out.println("expected failure: " + e.getMessage());
        return e;
    }

    @Test
    void brokenFilesGiveTypedErrors() throws Exception {
        fails(Files.createFile(dir.resolve("empty.mp4")));
        fails(dir.resolve("missing.mp4"));
        fails(Files.createDirectory(dir.resolve("dir.mp4")));
        Path good = TestVideos.mp4(dir.resolve("good.mp4"), 64, 48, 20);
        byte[] bytes = Files.readAllBytes(good);
        fails(Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2)));
        byte[] corrupt = bytes.clone();
        for (int i = 0; i < Math.min(64, corrupt.length); i++) {
            corrupt[i] = (byte) (i * 31 + 7);
        }
        fails(Files.write(dir.resolve("corrupt-header.mp4"), corrupt));
        fails(Files.write(dir.resolve("text.mp4"), "this is not a video\n".repeat(100).getBytes()));
        fails(audioOnly(dir.resolve("audio.m4a")));
        fails(png(dir.resolve("still.png")));
        Path pngAsMp4 = dir.resolve("still-named.mp4");
        Files.copy(dir.resolve("still.png"), pngAsMp4);
        fails(pngAsMp4);
    }

    @Test
    void unreadableFile() throws Exception {
        Path p = TestVideos.mp4(dir.resolve("secret.mp4"), 64, 48, 10);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(p), "running as root: permissions do not stop reading");
        assertTrue(fails(p).reason().contains("not readable"));
    }

    @Test
    void wrongExtensionStillDecodes() throws Exception {
        Path mp4 = TestVideos.mp4(dir.resolve("clip.mp4"), 64, 48, 12);
        Path avi = Files.copy(mp4, dir.resolve("clip.avi"));
        Clip c = VideoFrames.sample(avi, SamplingSpec.tsn(4).build(), ClipPreprocessor.clip(32));
        assertEquals(12, c.probe().frameCount());
    }

    @Test
    void rotatedVideoIsTurned() throws Exception {
        // a display matrix of -90 degrees is what phones write for portrait video: shown turned clockwise
        Path v = TestVideos.write(dir.resolve("rot.mp4"), 64, 48, 5, 25, "mp4", AV_CODEC_ID_MPEG4, AV_PIX_FMT_YUV420P, -90, 12, null);
        try (VideoSource s = VideoSource.open(v)) {
            assertEquals(90, s.probe().rotation());
            assertEquals(48, s.probe().width());
            assertEquals(64, s.probe().height());
            RgbFrame f = s.read();
            assertEquals(48, f.width());
            assertEquals(64, f.height());
            // the red marker (top-left of the coded picture) is top-right after a clockwise turn
            assertTrue(f.image().get(44, 3, 0) > 200 && f.image().get(44, 3, 1) < 60, "top-right should be red");
            assertTrue(f.image().get(3, 3, 0) < 200 || f.image().get(3, 3, 1) > 60, "top-left should not be red");
        }
    }

    @Test
    void oddSizeGrayscaleAndTinyVideos() throws Exception {
        Path odd = TestVideos.y4m(dir.resolve("odd.y4m"), 129, 97, 10);
        Clip c = VideoFrames.sample(odd, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(64));
        assertEquals(129, c.probe().width());
        assertEquals(97, c.probe().height());
        assertArrayEquals(new long[] {8, 3, 64, 64}, c.shape());

        Path gray = TestVideos.write(dir.resolve("gray.mkv"), 64, 48, 10, 25, "matroska", AV_CODEC_ID_FFV1, AV_PIX_FMT_GRAY8, 0, 1, null);
        try (VideoSource s = VideoSource.open(gray)) {
            RgbFrame f = s.read();
            for (int i = 0; i < 64 * 48; i += 97) {
                assertEquals(f.image().rgb()[3 * i], f.image().rgb()[3 * i + 1]);
                assertEquals(f.image().rgb()[3 * i], f.image().rgb()[3 * i + 2]);
            }
        }
        for (int n = 1; n <= 3; n++) {
            Path tiny = TestVideos.mp4(dir.resolve("tiny" + n + ".mp4"), 32, 32, n);
            Clip t = VideoFrames.sample(tiny, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(32));
            assertEquals(n, t.probe().exactFrameCount());
            assertEquals(8, t.frames());
            for (int i : t.indices()) {
                assertTrue(i >= 0 && i < n);
            }
        }
    }

    @Test
    void variableFrameRate() throws Exception {
        long[] pts = new long[20];
        long t = 0;
        for (int i = 0; i < pts.length; i++) {
            pts[i] = t;
            t += i % 2 == 0 ? 20_000 : 60_000;
        }
        // a 1000 fps time base lets the recorder place frames at arbitrary milliseconds
        Path v = TestVideos.write(dir.resolve("vfr.mkv"), 64, 48, 20, 1000, "matroska", AV_CODEC_ID_MPEG4, AV_PIX_FMT_YUV420P, 0, 12, pts);
        try (VideoSource s = VideoSource.file(v).exactFrameCount(true).open()) {
            VideoProbe p = s.probe();
            System.out.println(p);
            assertEquals(20, p.exactFrameCount());
            assertFalse(p.constantFrameRate());
        }
        Clip c = VideoFrames.sample(v, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(32));
        assertEquals(8, c.frames());
        for (int i = 1; i < 8; i++) {
            assertTrue(c.timestamps()[i] > c.timestamps()[i - 1]);
        }
    }

    private static Path audioOnly(Path p) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(p.toFile(), 1)) {
            r.setFormat("mp4");
            r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(16000);
            r.start();
            short[] s = new short[16000];
            r.recordSamples(16000, 1, java.nio.ShortBuffer.wrap(s));
            r.stop();
        }
        return p;
    }

    private static Path png(Path p) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", p.toFile());
        return p;
    }
}
