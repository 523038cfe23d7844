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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {
    @TempDir
    Path tmp;

    private static Path fixture(String property, String relative) {
        Path p = SharedFiles.resolve(property, relative);
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void watchesALongVideoAndWritesWindowsEventsTimelineAndScores() throws Exception {
        Path model = fixture("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        Path vocab = fixture("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        SyntheticSpec spec = SyntheticSpec.builder().size(64).fps(8).frames(16).threads(1).build();
        SyntheticLongVideo gen = new SyntheticLongVideo(spec, "val").segments(4, 2).width(86).seed(5);
        Path video = tmp.resolve("long.mp4");
        List<SegmentEvaluator.Segment> truth = gen.write(video.toString(), "mp4");
        assertEquals(4, truth.size());
        Path truthCsv = tmp.resolve("truth.csv");
        TruthCsv.write(truthCsv, truth);
        Path labels = tmp.resolve("labels.txt");
        Files.write(labels, gen.labelNames(), StandardCharsets.UTF_8);

        Path scores = tmp.resolve("scores.jsonl");
        Path timeline = tmp.resolve("timeline.html");
        // Random weights give near-uniform probabilities: a threshold just above uniform still makes events.
        double uniform = 1.0 / gen.labelNames().size();
        CliRun r = run("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels", labels.toString(),
                "--templates", "none", "--cache", "none", "--threads", "1", "--window", "2s", "--stride", "1s",
                "--frames", "4", "--threshold", String.valueOf(uniform * 1.01), "--release", String.valueOf(uniform),
                "--smoothing", "ma:3", "--scores", scores.toString(), "--timeline", timeline.toString(),
                "--truth", truthCsv.toString(), video.toString());
        assertEquals(0, r.code(), r.err());
        // 16 s of video made of 2 s clips, 2 s windows every 1 s: the windows restart at every cut between clips,
        // so the 7 windows across a cut are dropped and the 8 left are the clips themselves
        List<String> windows = Files.readAllLines(scores);
        assertEquals(8, windows.size(), r.err());
        for (int i = 0; i < windows.size(); i++) {
            Map<String, Object> w = Json.parseObject(windows.get(i));
            assertEquals(2.0 * i, ((Number) w.get("start")).doubleValue(), 1e-6, windows.get(i));
            assertEquals(2.0 * i + 2, ((Number) w.get("end")).doubleValue(), 1e-6, windows.get(i));
        }
        assertTrue(r.err().contains("mAP@0.5"), r.err());
        assertTrue(r.err().contains("real-time factor:"), r.err());
        assertTrue(r.err().contains("precision"), r.err());
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                Map<String, Object> e = Json.parseObject(line);
                assertTrue(gen.labelNames().contains((String) e.get("label")), line);
            }
        }
        assertTrue(Files.readString(timeline).contains("<svg"), "timeline is an SVG page");

        Path png = tmp.resolve("timeline.png");
        Path csv = tmp.resolve("events.csv");
        CliRun r2 = run("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels",
                String.join(",", gen.labelNames().subList(0, 3)), "--templates", "actionclip", "--cache", "none",
                "--threads", "1", "--window", "16f", "--stride", "8f", "--format", "csv", "--output", csv.toString(),
                "--timeline", png.toString(), "--threshold", "0.34", video.toString());
        assertEquals(0, r2.code(), r2.err());
        assertTrue(Files.readAllLines(csv).get(0).startsWith("label,start,end"));
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void badSourceIsExitTwoNamingIt() {
        Path model = fixture("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        Path vocab = fixture("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        Path missing = tmp.resolve("nope.mp4");
        CliRun r = run("watch", "--model", model.toString(), "--vocab", vocab.toString(), "--labels", "a,b",
                "--cache", "none", "--threads", "1", missing.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + missing + ": "), r.err());

        CliRun bad = run("watch", "--model", model.toString(), "--labels", "a,b", "--window", "2x", missing.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--window"), bad.err());
    }
}
