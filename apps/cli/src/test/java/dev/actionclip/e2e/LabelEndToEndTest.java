package dev.actionclip.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.cli.Main;
import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code label} command on generated videos with the tiny fixture model gives the same probabilities as the
 * public library API; {@code --resume} after a torn write labels every video exactly once. Uses only public API.
 */
@Tag("slow")
class LabelEndToEndTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path vocab;
    static List<Path> videos;
    static final List<String> LABELS = List.of("moving left", "moving right", "growing", "shrinking", "bouncing");

    @BeforeAll
    static void data() throws Exception {
        model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-actionclip-transf.pt");
        vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(model) && Files.exists(vocab) || SharedFiles.inCi(), "fixtures absent: " + model);
        SyntheticSpec spec = SyntheticSpec.builder().seed(7).shapes(List.of(Shape.SQUARE)).colours(List.of(Colour.BLUE))
                .perLabel(1).valPerLabel(0).unseenPerLabel(0).unseenFraction(0).frames(12).size(96).build();
        new SyntheticActions(spec).generate(tmp.resolve("ds"));
        try (Stream<Path> s = Files.walk(tmp.resolve("ds"))) {
            videos = s.filter(p -> p.toString().endsWith(".mp4")).sorted().limit(5).collect(Collectors.toList());
        }
        assertEquals(5, videos.size());
    }

    static int cli(String... args) {
        return Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    static List<String> args(Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("label", "--model", model.toString(), "--vocab", vocab.toString(),
                "--labels", String.join(",", LABELS), "--frames", "6", "--top-k", "5", "--batch", "2", "--threads", "2",
                "--no-cache", "--output", out.toString()));
        if (resume) {
            a.add("--resume");
        }
        for (Path v : videos) {
            a.add(v.toString());
        }
        a.add(tmp.resolve("missing.mp4").toString());
        return a;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Double>> rows(Path jsonl) throws Exception {
        Map<String, Map<String, Double>> r = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            Map<String, Object> row = Json.parseObject(line);
            Map<String, Double> probs = new HashMap<>();
            for (Object o : (List<Object>) row.get("top")) {
                Map<String, Object> e = (Map<String, Object>) o;
                probs.put((String) e.get("label"), ((Number) e.get("probability")).doubleValue());
            }
            assertTrue(r.put((String) row.get("path"), probs) == null, "one row per video: " + row.get("path"));
        }
        return r;
    }

    @Test
    void cliEqualsLibraryAndResumeIsExact() throws Exception {
        Path out = tmp.resolve("labels.jsonl");
        assertEquals(3, cli(args(out, false).toArray(String[]::new)), "one input is missing: exit 3");
        Map<String, Map<String, Double>> cliRows = rows(out);
        assertEquals(videos.size() + 1, cliRows.size());
        assertTrue(cliRows.get(tmp.resolve("missing.mp4").toString()).isEmpty());

        try (ActionRecognizer r = ActionRecognizer.builder().model(model).vocab(vocab).labels(LABELS).frames(6)
                .threads(2).cache(false).build()) {
            for (Path v : videos) {
                Prediction p = r.classify(v);
                for (String label : LABELS) {
                    assertEquals(p.probability(label), cliRows.get(v.toString()).get(label), 2e-6, v + " " + label);
                }
            }
        }

        // a run killed in the middle of writing its third row
        List<String> lines = Files.readAllLines(out);
        String torn = String.join("\n", lines.subList(0, 2)) + "\n" + lines.get(2).substring(0, 25);
        Files.writeString(out, torn);
        assertEquals(3, cli(args(out, true).toArray(String[]::new)));
        Map<String, Map<String, Double>> resumed = rows(out);
        assertEquals(cliRows, resumed, "every video exactly once, same results");
    }
}
