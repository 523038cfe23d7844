package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.watch.SyntheticLongVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch a.mp4 b.mp4}: one model for both, every event row names its source. */
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
        gen.write(a.toString(), "mp4");
        new SyntheticLongVideo(spec, "val").segments(3, 2).seed(6).write(b.toString(), "mp4");
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
    }
}
