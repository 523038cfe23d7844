package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.watch.SegmentEvaluator.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truth files with and without a source column, as {@code watch --truth} reads them for one or several sources. */
class TruthCsvTest {
    @TempDir
    Path tmp;

    @Test
    void sourcedFileRoundTripsAndSplitsBySource() throws Exception {
        Path csv = tmp.resolve("truth.csv");
        Map<String, List<Segment>> bySource = new LinkedHashMap<>();
        bySource.put("a.mp4", List.of(new Segment("wave", 1, 3), new Segment("jump, high", 5, 8)));
        bySource.put("rtsp://cam/1", List.of(new Segment("wave", 0, 2)));
        TruthCsv.writeBySource(csv, bySource);
        assertTrue(Files.readString(csv).startsWith("source,label,start,end\na.mp4,wave,1.000,3.000\n"));
        assertEquals(List.of(bySource.get("rtsp://cam/1"), bySource.get("a.mp4")),
                TruthCsv.read(csv, List.of("rtsp://cam/1", " a.mp4")));
        // One source out of a file that covers more: the others are ignored.
        assertEquals(List.of(bySource.get("a.mp4")), TruthCsv.read(csv, List.of("a.mp4")));
    }

    @Test
    void plainFileServesOneSourceOnly() throws Exception {
        Path csv = tmp.resolve("plain.csv");
        List<Segment> segs = List.of(new Segment("wave", 1, 3));
        TruthCsv.write(csv, segs);
        assertEquals(List.of(segs), TruthCsv.read(csv, List.of("x.mp4")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TruthCsv.read(csv, List.of("x.mp4", "y.mp4")));
        assertTrue(e.getMessage().contains("needs a source column: source,label,start,end"), e.getMessage());
        Files.writeString(csv, "label,start,end\n");
        assertEquals(List.of(List.of()), TruthCsv.read(csv, List.of("x.mp4")));
    }

    @Test
    void sourceWithoutRowsIsEmptyUnlessTheFileNamesOthers() throws Exception {
        Path csv = tmp.resolve("truth.csv");
        Files.writeString(csv, "a.mp4,wave,1,3\n");
        assertEquals(List.of(List.of(new Segment("wave", 1, 3)), List.of()),
                TruthCsv.read(csv, List.of("a.mp4", "b.mp4")));
        Files.writeString(csv, "a.mp4,wave,1,3\n./b.mp4,wave,2,4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TruthCsv.read(csv, List.of("a.mp4", "b.mp4")));
        assertTrue(e.getMessage().contains("no rows for b.mp4; its sources are ./b.mp4"), e.getMessage());
    }

    @Test
    void badLinesAreNamed() throws Exception {
        Path csv = tmp.resolve("truth.csv");
        Files.writeString(csv, "source,label,start,end\na,x,1,2\nb,y,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TruthCsv.read(csv, List.of("a", "b")));
        assertTrue(e.getMessage().startsWith(csv + ":3: expected source,label,start,end, got 3 fields"),
                e.getMessage());
        // The one-source reader keeps refusing a source column.
        Files.writeString(csv, "a,x,1,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":1: expected label,start,end, got 4 fields"), e.getMessage());
        Files.writeString(csv, "\"a\nb\",x,1,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> TruthCsv.read(csv, List.of("a")));
        assertTrue(e.getMessage().contains(":1: the source runs over several lines"), e.getMessage());
    }
}
