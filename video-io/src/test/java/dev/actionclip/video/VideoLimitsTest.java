package dev.actionclip.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.sampling.SamplingSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Videos that would cost too much are refused with one error naming them, before the heap or the clock runs out. */
class VideoLimitsTest {
    @TempDir
    Path dir;

    private VideoReadException fails(Path p, VideoLimits limits) {
        VideoReadException e = assertThrows(VideoReadException.class,
                () -> VideoFrames.sampleViews(p, SamplingSpec.tsn(8).build(), ClipPreprocessor.clip(32), limits));
        assertEquals(p.toString(), e.source());
        return e;
    }

    @Test
    void headerClaimingAHugePictureIsRefusedAtOpen() throws Exception {
        // a YUV4MPEG2 header is plain text: it can claim 10000×10000 (150 MB per frame) over a few bytes of data
        ByteArrayOutputStream y4m = new ByteArrayOutputStream();
        y4m.write("YUV4MPEG2 W10000 H10000 F25:1 Ip A1:1 C420jpeg\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 3; i++) {
            y4m.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            y4m.write(new byte[1000]);
        }
        Path p = Files.write(dir.resolve("huge.y4m"), y4m.toByteArray());
        VideoReadException e = fails(p, VideoLimits.DEFAULT);
        assertTrue(e.getMessage().contains("10000×10000") && e.getMessage().contains("max pixels"), e.getMessage());
    }

    @Test
    void pictureCapIsConfigurable() throws Exception {
        Path p = TestVideos.mp4(dir.resolve("small.mp4"), 64, 48, 10);
        assertEquals(1, VideoFrames.sampleViews(p, SamplingSpec.tsn(4).build(), ClipPreprocessor.clip(32),
                VideoLimits.DEFAULT.withMaxPixels(64 * 48)).size());
        VideoReadException e = fails(p, VideoLimits.DEFAULT.withMaxPixels(64 * 48 - 1));
        assertTrue(e.getMessage().contains("64×48 (3,072 pixels)"), e.getMessage());
    }

    @Test
    void decodeTimeoutEndsTheVideoWithAnError() throws Exception {
        Path p = TestVideos.mp4(dir.resolve("slow.mp4"), 64, 48, 10);
        // a timeout of one nanosecond has expired by the first frame, whatever the machine's speed
        VideoReadException e = fails(p, VideoLimits.DEFAULT.withDecodeTimeout(Duration.ofNanos(1)));
        assertTrue(e.getMessage().contains("decode timeout"), e.getMessage());
        // zero means no limit
        assertEquals(1, VideoFrames.sampleViews(p, SamplingSpec.tsn(4).build(), ClipPreprocessor.clip(32),
                VideoLimits.DEFAULT.withDecodeTimeout(Duration.ZERO)).size());
    }

    @Test
    void billionsOfFramesAreRefusedBeforeSampling() {
        VideoReadException e = assertThrows(VideoReadException.class,
                () -> VideoFrames.indices("claims.mp4", 5_000_000_000L, 30, SamplingSpec.tsn(8).build()));
        assertTrue(e.getMessage().contains("5000000000 frames"), e.getMessage());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new VideoLimits(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new VideoLimits(1, Duration.ofSeconds(-1)));
    }
}
