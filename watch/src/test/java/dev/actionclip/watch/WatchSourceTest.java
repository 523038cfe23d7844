package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.video.VideoReadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchSourceTest {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void classifiesSources() {
        WatchSource f = WatchSource.parse("movie.mp4", false, T);
        assertEquals(WatchSource.Kind.FILE, f.kind());
        assertFalse(f.live());
        WatchSource grow = WatchSource.parse("rec.ts", true, T);
        assertTrue(grow.live());
        assertFalse(grow.reconnectable(), "a followed file would restart from its beginning");
        for (String s : List.of("rtsp://cam/1", "udp://127.0.0.1:1234", "tcp://h:9", "srt://h:9", "RTMP://x/y")) {
            WatchSource w = WatchSource.parse(s, false, T);
            assertEquals(WatchSource.Kind.STREAM, w.kind(), s);
            assertTrue(w.live() && w.reconnectable(), s);
        }
        WatchSource http = WatchSource.parse("https://example.org/a.mp4", false, T);
        assertEquals(WatchSource.Kind.URL, http.kind());
        assertFalse(http.live());
        assertTrue(WatchSource.parse("http://cam/stream.mjpg", true, T).reconnectable());
        assertEquals(WatchSource.Kind.DEVICE, WatchSource.parse("/dev/video0", false, T).kind());
        assertEquals(WatchSource.Kind.DEVICE, WatchSource.parse("v4l2:/dev/video2", false, T).kind());
        assertEquals(WatchSource.Kind.DEVICE, WatchSource.parse("avfoundation:0", false, T).kind());
        assertThrows(IllegalArgumentException.class, () -> WatchSource.parse(" ", false, T));
    }

    @Test
    void followedFileFormats() {
        assertEquals("mpegts", WatchSource.formatOf("a.TS"));
        assertEquals("matroska", WatchSource.formatOf("a.mkv"));
        assertNull(WatchSource.formatOf("a.mp4"));
    }

    @Test
    void missingFilesNameThemselves() {
        Path p = tmp.resolve("none.ts");
        VideoReadException e = assertThrows(VideoReadException.class, () -> WatchSource.parse(p.toString(), true, T).open());
        assertTrue(e.getMessage().startsWith(p + ": no such file"), e.getMessage());
        VideoReadException e2 = assertThrows(VideoReadException.class, () -> WatchSource.file(p).open());
        assertTrue(e2.getMessage().startsWith(p.toString()), e2.getMessage());
    }

    @Test
    void truthCsvRoundTripsAndNamesBadLines() throws Exception {
        Path csv = tmp.resolve("truth.csv");
        List<SegmentEvaluator.Segment> segs = List.of(new SegmentEvaluator.Segment("a, \"b\"", 0, 2.5),
                new SegmentEvaluator.Segment("c", 2.5, 6));
        TruthCsv.write(csv, segs);
        assertEquals("label,start,end\n\"a, \"\"b\"\"\",0.000,2.500\nc,2.500,6.000\n", Files.readString(csv));
        assertEquals(segs, TruthCsv.read(csv));
        Files.writeString(csv, "label,start,end\nx,1,2\ny,3,oops\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":3:"), e.getMessage());
        Files.writeString(csv, "x,5,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":1:"), e.getMessage());
        Files.writeString(csv, "label,start,end\nx,1,2\n\"y,3,4\nz,5,6\n");
        e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":3: unterminated quote"), e.getMessage());
        Files.writeString(csv, "\"y,3\nz\",5,6\n");
        e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":1: the label runs over several lines"), e.getMessage());
    }
}
