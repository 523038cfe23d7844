package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Motion;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that prints results, with every --format value it offers: JSON parses with formats.Json (one
 * object per line), CSV with formats.Csv (a header, then rows of the same width); the default is what the command
 * printed before --format existed; the old --json flag still works.
 */
class OutputFormatsTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path vocab;
    static Path image;
    static List<Path> videos;
    static Path dataset;

    @BeforeAll
    static void data() throws Exception {
        model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(model) && Files.exists(vocab) || SharedFiles.inCi(), "fixtures absent: " + model);
        dataset = tmp.resolve("ds");
        SyntheticSpec spec = SyntheticSpec.builder().seed(3).shapes(List.of(Shape.CIRCLE)).colours(List.of(Colour.RED))
                .motions(List.of(Motion.MOVING_LEFT, Motion.MOVING_RIGHT)).perLabel(1).valPerLabel(1).unseenPerLabel(0)
                .unseenFraction(0).frames(8).size(32).threads(1).build();
        new SyntheticActions(spec).generate(dataset);
        try (Stream<Path> s = Files.walk(dataset.resolve("train"))) {
            videos = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        image = tmp.resolve("x.png");
        java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(40, 30,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        bi.setRGB(3, 4, 0xff8800);
        javax.imageio.ImageIO.write(bi, "png", image.toFile());
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    private static String[] args(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--model", model.toString(), "--vocab", vocab.toString(),
                "--threads", "1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] plus(String[] a, String... more) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    /** Every line one JSON object. */
    static List<Map<String, Object>> jsonLines(String out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(Json.parseObject(line));
            }
        }
        assertFalse(rows.isEmpty(), "no JSON lines in: " + out);
        return rows;
    }

    /** A header and rows as wide as it. */
    static List<List<String>> csv(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(Csv.split(line));
            }
        }
        assertTrue(rows.size() >= 2, "a header and rows: " + out);
        for (List<String> r : rows) {
            assertEquals(rows.get(0).size(), r.size(), "every row as wide as the header: " + r);
        }
        return rows;
    }

    @Test
    void embedText() {
        String[] a = args("embed-text", "hello world", "a, \"quoted\" text");
        String dflt = ok(a).out();
        assertEquals(dflt, ok(plus(a, "--format", "jsonl")).out(), "default: JSON lines, as before");
        assertEquals(dflt, ok(plus(a, "--json")).out(), "the old --json flag");
        List<Map<String, Object>> j = jsonLines(dflt);
        assertEquals("a, \"quoted\" text", j.get(1).get("text"));
        List<?> embedding = (List<?>) j.get(0).get("embedding");
        List<List<String>> c = csv(ok(plus(a, "--format", "csv")).out());
        assertEquals("text", c.get(0).get(0));
        assertEquals("e0", c.get(0).get(1));
        assertEquals(embedding.size() + 1, c.get(0).size());
        assertEquals("a, \"quoted\" text", c.get(2).get(0));
        for (int i = 0; i < embedding.size(); i++) {
            assertEquals(((Number) embedding.get(i)).floatValue(), Float.parseFloat(c.get(1).get(i + 1)), "e" + i);
        }
    }

    @Test
    void embedImage() {
        String[] a = args("embed-image", image.toString());
        String dflt = ok(a).out();
        assertEquals(dflt, ok(plus(a, "--format", "jsonl")).out());
        Map<String, Object> j = jsonLines(dflt).get(0);
        assertEquals(image.toString(), j.get("image"));
        List<List<String>> c = csv(ok(plus(a, "--format", "csv")).out());
        assertEquals(List.of("image", "e0"), c.get(0).subList(0, 2));
        assertEquals(((List<?>) j.get("embedding")).size() + 1, c.get(1).size());
    }

    @Test
    void info() {
        String[] a = {"info", "--model", model.toString()};
        String text = ok(a).out();
        assertTrue(text.startsWith("path:"), text);
        assertEquals(text, ok(plus(a, "--format", "text")).out());
        String json = ok(plus(a, "--format", "json")).out();
        assertEquals(json, ok(plus(a, "--json")).out(), "the old --json flag");
        assertTrue(Json.parseObject(json.strip()).containsKey("embed_dim"), json);
        assertEquals(1, jsonLines(json).size(), "one document on one line");
    }

    @Test
    void frames() {
        String[] a = {"frames", "--frames", "4", "--size", "32", videos.get(0).toString()};
        String text = ok(a).out();
        assertTrue(text.contains("  #  index   time (s)"), text);
        assertEquals(text, ok(plus(a, "--format", "text")).out());
        String json = ok(plus(a, "--format", "json")).out();
        assertEquals(json, ok(plus(a, "--json")).out(), "the old --json flag");
        Map<String, Object> m = Json.parseObject(json.strip());
        List<List<String>> c = csv(ok(plus(a, "--format", "csv")).out());
        assertEquals(List.of("sample", "index", "time"), c.get(0));
        assertEquals(5, c.size());
        List<?> indices = (List<?>) m.get("indices");
        for (int i = 0; i < 4; i++) {
            assertEquals(((Number) indices.get(i)).longValue(), Long.parseLong(c.get(i + 1).get(1)));
        }
    }

    @Test
    void label() throws Exception {
        // label writes rows through its own stream on file descriptor 1, which tests cannot capture: use --output
        String[] a = args("label", "--labels", "moving left,moving right", "--frames", "4", "--top-k", "2",
                "--no-cache", videos.get(0).toString(), videos.get(1).toString());
        String dflt = label(a, "rows.out");
        assertEquals(dflt, label(plus(a, "--format", "csv"), "rows-csv.out"), "default: CSV, as before");
        assertEquals(dflt, label(a, "rows.csv"));
        List<List<String>> c = csv(dflt);
        assertEquals(List.of("path", "label_1", "prob_1", "label_2", "prob_2", "error"), c.get(0));
        assertEquals(3, c.size());
        String jsonl = label(plus(a, "--format", "jsonl"), "rows-jsonl.out");
        assertEquals(jsonl, label(plus(a, "--format", "json"), "rows-json.out"), "json is jsonl for rows");
        assertEquals(jsonl, label(plus(a, "--json"), "rows-old.out"), "the hidden --json");
        assertEquals(jsonl, label(a, "rows.jsonl"), "--output's extension picks the format");
        assertEquals(jsonl, label(a, "rows.json"));
        assertEquals(dflt, label(plus(a, "--format", "csv"), "forced.jsonl"), "--format wins over the extension");
        List<Map<String, Object>> j = jsonLines(jsonl);
        assertEquals(videos.get(0).toString(), j.get(0).get("path"));
        assertEquals(c.get(1).get(1), ((Map<?, ?>) ((List<?>) j.get(0).get("top")).get(0)).get("label"));
        CliRun bad = CliRun.of(plus(a, "--format", "text"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--format must be csv or jsonl for label, not 'text'"), bad.err());
    }

    private static String label(String[] a, String file) throws Exception {
        Path out = tmp.resolve(file);
        ok(plus(a, "--output", out.toString()));
        return Files.readString(out);
    }

    @Test
    void eval() {
        String[] a = args("eval", "--data", dataset.resolve("val.csv").toString(), "--labels",
                dataset.resolve("labels.csv").toString(), "--frames", "4", "--templates", "none",
                "--group", "moving left,moving right");
        String text = ok(a).out();
        assertTrue(text.startsWith("videos: 2 (0 skipped), labels: 2"), text);
        assertTrue(text.contains("top-1: "), text);
        Map<String, Object> json = Json.parseObject(ok(plus(a, "--format", "json")).out().strip());
        Map<String, Object> old = Json.parseObject(ok(plus(a, "--json")).out().strip());
        json.remove("seconds");
        old.remove("seconds");
        assertEquals(json, old, "the old --json flag");
        assertEquals(2L, ((Number) json.get("samples")).longValue());
        List<List<String>> c = csv(ok(plus(a, "--format", "csv")).out());
        assertEquals(2, c.size(), "a header and one row");
        List<String> h = c.get(0);
        assertEquals(List.of("model", "data", "labels", "samples", "skipped", "top1", "top5", "mean_class_accuracy",
                "chance", "group: moving left / moving right", "seconds"), h);
        assertEquals(((Number) json.get("top1")).doubleValue(), Double.parseDouble(c.get(1).get(h.indexOf("top1"))));
    }

    @Test
    void watch() throws Exception {
        // the two training clips back to back would need a long video; one clip, windows of 4 frames every 2
        String[] a = args("watch", "--labels", "moving left,moving right", "--templates", "none", "--cache", "none",
                "--window", "4f", "--stride", "2f", "--frames", "2", "--threshold", "0.2", videos.get(0).toString());
        String dflt = ok(a).out();
        assertEquals(dflt, ok(plus(a, "--format", "jsonl")).out(), "default: JSON lines, as before");
        assertEquals(dflt, ok(plus(a, "--json")).out());
        Map<String, Object> e = jsonLines(dflt).get(0);
        List<List<String>> c = csv(ok(plus(a, "--format", "csv")).out());
        assertEquals(List.of("label", "start", "end", "peak_score"), c.get(0));
        assertEquals(e.get("label"), c.get(1).get(0));
        Path out = tmp.resolve("events.csv");
        ok(plus(a, "--output", out.toString()));
        assertEquals(c, csv(Files.readString(out)), "--output x.csv writes CSV");
    }
}
