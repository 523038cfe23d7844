package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.watch.SegmentEvaluator;
import dev.actionclip.watch.SyntheticLongVideo;
import dev.actionclip.watch.TruthCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch a.mp4 b.mp4}: one model for both, every event row names its source; one timeline and one score log
 * cover both, and the truth is scored per source and overall.
 */
class WatchMultiSourceTest {
    @TempDir
    Path tmp;

    private static Path fixture(String property, String relative) {
        Path p = SharedFiles.resolve(property, relative);
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    @Test
    void twoSourcesWriteRowsWithTheirSourceAndADeadOneIsReported() throws Exception {
        Path model = fixture("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        Path vocab = fixture("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        SyntheticSpec spec = SyntheticSpec.builder().size(64).fps(8).frames(16).threads(1).build();
        Path a = tmp.resolve("a.mp4");
        Path b = tmp.resolve("b.mp4");
        SyntheticLongVideo gen = new SyntheticLongVideo(spec, "val").segments(3, 2).seed(5);
        List<SegmentEvaluator.Segment> truthA = gen.write(a.toString(), "mp4");
        List<SegmentEvaluator.Segment> truthB = new SyntheticLongVideo(spec, "val").segments(3, 2).seed(6)
                .write(b.toString(), "mp4");
        List<String> labels = gen.labelNames();
        double uniform = 1.0 / labels.size();
        Path missing = tmp.resolve("gone.mp4");
        CliRun r = CliRun.of("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                String.join(",", labels), "--templates", "none", "--cache", "none", "--threads", "1",
                "--frames", "4", "--threshold", String.valueOf(uniform * 1.01), a.toString(), missing.toString(),
                b.toString());
        assertEquals(0, r.code(), r.err());
        Set<String> seen = new HashSet<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                Map<String, Object> e = Json.parseObject(line);
                seen.add((String) e.get("source"));
                assertTrue(labels.contains((String) e.get("label")), line);
            }
        }
        assertEquals(Set.of(a.toString(), b.toString()), seen, r.out());
        assertTrue(r.err().contains("watch: " + missing + ": 0 events"), r.err());
        assertTrue(r.err().contains("failed: "), r.err());
        assertTrue(r.err().contains("watch: 3 sources: "), r.err());

        Path csv = tmp.resolve("events.csv");
        CliRun c = CliRun.of("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                String.join(",", labels), "--templates", "none", "--cache", "none", "--threads", "1",
                "--frames", "4", "--threshold", String.valueOf(uniform * 1.01), "--output", csv.toString(),
                a.toString(), b.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.readAllLines(csv).get(0).startsWith("source,label,start,end"));

        CliRun dead = CliRun.of("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                "a,b", "--cache", "none", "--threads", "1", missing.toString(), tmp.resolve("gone2.mp4").toString());
        assertEquals(2, dead.code(), dead.err());

        // One timeline, score log and truth report for both sources.
        Path truth = tmp.resolve("truth.csv");
        Map<String, List<SegmentEvaluator.Segment>> bySource = new LinkedHashMap<>();
        bySource.put(a.toString(), truthA);
        bySource.put(b.toString(), truthB);
        TruthCsv.writeBySource(truth, bySource);
        Path html = tmp.resolve("timeline.html");
        Path scores = tmp.resolve("scores.jsonl");
        CliRun t = CliRun.of("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                String.join(",", labels), "--templates", "none", "--cache", "none", "--threads", "1",
                "--frames", "4", "--threshold", String.valueOf(uniform * 1.01), "--timeline", html.toString(),
                "--truth", truth.toString(), "--scores", scores.toString(), a.toString(), b.toString());
        assertEquals(0, t.code(), t.err());
        String page = Files.readString(html);
        assertTrue(page.contains("Timeline - " + a) && page.contains("Timeline - " + b), "both sources plotted");
        assertEquals(2, page.split("<svg").length - 1, "one plot per source");
        assertTrue(page.contains("truth: " + truthB.get(0).label()), "true segments drawn");
        for (Path p : List.of(a, b)) {
            assertTrue(t.err().matches("(?s).*truth: " + Pattern.quote(p.toString()) + ": \\d+ segments, \\d+ events, "
                    + "IoU >= 0\\.50: precision [0-9.]+ recall [0-9.]+ F1 [0-9.]+ .*"), t.err());
        }
        assertTrue(t.err().contains("truth: all 2 sources: " + (truthA.size() + truthB.size()) + " segments"),
                t.err());
        Set<String> logged = new HashSet<>();
        for (String line : Files.readAllLines(scores)) {
            assertTrue(line.startsWith("{\"source\":"), line);
            logged.add((String) Json.parseObject(line).get("source"));
        }
        assertEquals(Set.of(a.toString(), b.toString()), logged);

        // A truth file without sources cannot say which source a segment belongs to.
        TruthCsv.write(truth, truthA);
        CliRun plain = CliRun.of("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                String.join(",", labels), "--cache", "none", "--truth", truth.toString(), a.toString(),
                b.toString());
        assertEquals(2, plain.code(), plain.err());
        assertTrue(plain.err().contains("source,label,start,end"), plain.err());
    }
}
