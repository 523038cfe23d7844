package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramesCommandTest {
    @TempDir
    Path dir;

    private Path video(int frames) throws Exception {
        Path p = dir.resolve("v.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(p.toFile(), 80, 60, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < frames; i++) {
                Frame f = new Frame(80, 60, Frame.DEPTH_UBYTE, 3);
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int k = 0; k < b.capacity(); k++) {
                    b.put(k, (byte) (k + i * 9));
                }
                r.record(f, avutil.AV_PIX_FMT_RGB24);
            }
            r.stop();
        }
        return p;
    }

    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonAndPreviews() throws Exception {
        Path v = video(50);
        Path out = dir.resolve("previews");
        String[] r = run("frames", "--frames", "8", "--size", "32", "--json", "--out", out.toString(), v.toString());
        assertEquals("0", r[0], r[2]);
        Map<String, Object> m = Json.parseObject(r[1].trim());
        assertEquals(50L, ((Number) m.get("frame_count")).longValue());
        assertEquals(25.0, ((Number) m.get("fps")).doubleValue(), 1e-6);
        List<Object> idx = (List<Object>) m.get("indices");
        // ActionCLIP test sampling: int(i * 6.25 + 2.625)
        assertEquals(List.of(2L, 8L, 15L, 21L, 27L, 33L, 40L, 46L), idx.stream().map(o -> ((Number) o).longValue()).toList());
        assertEquals(8, ((List<Object>) m.get("timestamps")).size());
        assertEquals(80L, ((Number) m.get("width")).longValue());
        try (var s = Files.list(out)) {
            assertEquals(8, s.count());
        }
    }

    @Test
    void textOutputAndTrainMode() throws Exception {
        Path v = video(30);
        String[] r = run("frames", "--mode", "train", "--seed", "3", "--start", "0.2", "--end", "1.0", "--size", "32", v.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("frames:    30 (exact)"), r[1]);
        assertTrue(r[1].contains("rotation:  0"), r[1]);
    }

    @Test
    void brokenInputExitsTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.mp4"), "not a video");
        String[] r = run("frames", bad.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: " + bad + ": "), r[2]);
        String[] missing = run("frames", dir.resolve("nope.mp4").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].startsWith("error: " + dir.resolve("nope.mp4") + ": no such file"), missing[2]);
    }

    @Test
    void videoOverTheLimitsExitsTwoNamingTheLimit() throws Exception {
        Path v = video(10);
        String[] big = run("frames", "--max-pixels", "79x60", v.toString());
        assertEquals("2", big[0]);
        assertTrue(big[2].startsWith("error: " + v + ": picture 80×60") && big[2].contains("max pixels"), big[2]);
        String[] slow = run("frames", "--decode-timeout", "0.000000001", v.toString());
        assertEquals("2", slow[0]);
        assertTrue(slow[2].contains("decode timeout"), slow[2]);
        String[] typo = run("frames", "--max-pixels", "lots", v.toString());
        assertEquals("2", typo[0]);
        assertTrue(typo[2].contains("--max-pixels"), typo[2]);
    }
}
