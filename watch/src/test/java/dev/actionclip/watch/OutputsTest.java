package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {
    private static final Event E1 = new Event("wave", 0, 10.0, 15.25, 0.91234f);
    private static final Event E2 = new Event("say \"hi\", twice", 1, 1.0 / 3, 2.0, 0.5f);

    @Test
    void jsonlHasOneFlushedObjectPerEvent() {
        StringWriter w = new StringWriter();
        EventWriter ew = new EventWriter(w, EventWriter.Format.JSONL, "mem");
        ew.accept(E1);
        assertEquals(1, w.toString().split("\n").length, "written before the next event");
        ew.accept(E2);
        String[] lines = w.toString().split("\n");
        assertEquals(2, lines.length);
        Map<String, Object> m = Json.parseObject(lines[0]);
        assertEquals(List.of("label", "start", "end", "peak_score", "duration"), List.copyOf(m.keySet()));
        assertEquals("wave", m.get("label"));
        assertEquals(15.25, ((Number) m.get("end")).doubleValue(), 0);
        assertEquals(5.25, ((Number) m.get("duration")).doubleValue(), 0);
        assertEquals(0.9123, ((Number) m.get("peak_score")).doubleValue(), 0);
        Map<String, Object> m2 = Json.parseObject(lines[1]);
        assertEquals("say \"hi\", twice", m2.get("label"));
        assertEquals(0.333, ((Number) m2.get("start")).doubleValue(), 0);
    }

    @Test
    void csvHasHeaderAndQuotesLabels(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("events.csv");
        try (EventWriter ew = EventWriter.open(p)) {
            ew.write(E1);
            ew.write(E2);
        }
        assertEquals(List.of("label,start,end,peak_score", "wave,10.000,15.250,0.9123",
                "\"say \"\"hi\"\", twice\",0.333,2.000,0.5000"), Files.readAllLines(p));
    }

    @Test
    void csvEventsReadBackWithHostileLabels(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("events.csv");
        List<String> labels = List.of("a, b", "say \"hi\"", "  padded ", "two\nlines");
        try (EventWriter ew = EventWriter.open(p)) {
            for (int i = 0; i < labels.size(); i++) {
                ew.write(new Event(labels.get(i), i, i, i + 1, 0.5f));
            }
        }
        List<Csv.Row> rows = Csv.readAll(p);
        assertEquals(List.of("label", "start", "end", "peak_score"), rows.get(0).fields());
        assertEquals(labels, rows.stream().skip(1).map(r -> r.get(0)).toList());
        assertEquals(List.of("  padded ", "2.000", "3.000", "0.5000"), rows.get(3).fields());
    }

    @Test
    void scoreLogListsTopLabels() {
        StringWriter w = new StringWriter();
        ScoreLog log = new ScoreLog(w, List.of("a", "b", "c"), 2, "mem");
        log.accept(new ScoredWindow(1, 3, new float[] {0.2f, 0.7f, 0.1f}));
        Map<String, Object> m = Json.parseObject(w.toString().trim());
        assertEquals(1.0, ((Number) m.get("start")).doubleValue(), 0);
        assertEquals(3.0, ((Number) m.get("end")).doubleValue(), 0);
        List<?> top = (List<?>) m.get("top");
        assertEquals(2, top.size());
        assertEquals("b", ((Map<?, ?>) top.get(0)).get("label"));
        assertEquals("a", ((Map<?, ?>) top.get(1)).get("label"));
        assertTrue(w.toString().endsWith("\n"));
    }

    @Test
    void scoreLogOfSeveralSourcesStartsEachLineWithItsSource() {
        StringWriter w = new StringWriter();
        ScoreLog log = new ScoreLog(w, List.of("a", "b"), 1, "mem");
        log.accept("cam 1.mp4", new ScoredWindow(0, 2, new float[] {0.9f, 0.1f}));
        log.accept("rtsp://cam2/s", new ScoredWindow(1, 3, new float[] {0.3f, 0.7f}));
        String[] lines = w.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"source\":\"cam 1.mp4\",\"start\":0"), lines[0]);
        Map<String, Object> m = Json.parseObject(lines[1]);
        assertEquals(List.of("source", "start", "end", "top"), List.copyOf(m.keySet()));
        assertEquals("rtsp://cam2/s", m.get("source"));
        assertEquals("b", ((Map<?, ?>) ((List<?>) m.get("top")).get(0)).get("label"));
    }
}
