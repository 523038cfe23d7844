package dev.actionclip.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Motion;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.Json;
import dev.actionclip.prompts.Templates;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.zeroshot.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on an embedded local master with the tiny fixture model: the rows equal what the library (and so
 * {@code label}) gives for the same videos; broken and missing videos give error rows; a task failed by the test is
 * retried without duplicate rows; a resumed run labels each input exactly once.
 */
@Tag("slow")
class SparkLabelJobTest {
    private static final List<String> LABELS = List.of("a red circle moving left", "a red circle moving right",
            "a blue square growing", "riding a bike");
    private static SparkSession spark;
    private static Path model;
    private static Path vocab;
    private static List<String> videos;

    @TempDir
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(model) && Files.exists(vocab) || SharedFiles.inCi(), "fixtures absent: " + model);
        SyntheticSpec spec = SyntheticSpec.builder().seed(5).shapes(List.of(Shape.CIRCLE))
                .colours(List.of(Colour.RED)).motions(List.of(Motion.MOVING_LEFT, Motion.MOVING_RIGHT))
                .perLabel(3).valPerLabel(0).unseenPerLabel(0).unseenFraction(0).frames(8).size(32).threads(2).build();
        new SyntheticActions(spec).generate(data.resolve("synth"));
        try (Stream<Path> s = Files.walk(data.resolve("synth"))) {
            videos = new ArrayList<>(s.filter(p -> p.toString().endsWith(".mp4")).map(Path::toString).sorted().toList());
        }
        assertEquals(6, videos.size());
        // local[2,4]: two task threads, a failed task is tried up to 4 times
        spark = SparkSession.builder().master("local[2,4]").appName("test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        // Spark's INFO lines (a dozen per task) would bury the test output
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkLabelOptions options(Path input, Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("--input", input.toString(), "--output", output.toString(),
                "--model", model.toString(), "--vocab", vocab.toString(), "--labels", String.join(",", LABELS),
                "--templates", "none", "--frames", "4", "--threads", "1", "--format", "jsonl", "--top-k", "4",
                "--batch", "2"));
        a.addAll(List.of(extra));
        return SparkLabelOptions.parse(a.toArray(String[]::new));
    }

    private static Path list(String name, List<String> paths) throws Exception {
        Path f = data.resolve(name);
        Files.write(f, paths);
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rows(Path output) throws Exception {
        Map<String, Map<String, Object>> out = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(output)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        }
        for (Path p : parts) {
            for (String line : Files.readAllLines(p)) {
                Map<String, Object> row = Json.parseObject(line);
                String key = (String) row.get("path");
                assertNull(out.put(key, row), "duplicate row for " + key);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsEqualTheLibrarysAndBadVideosGiveErrorRows() throws Exception {
        Path broken = data.resolve("broken.mp4");
        Files.write(broken, new byte[4096]);
        List<String> in = new ArrayList<>(videos);
        in.add(broken.toString());
        in.add(data.resolve("missing.mp4").toString());
        Path output = data.resolve("out-parity");
        SparkLabelJob.Summary s = SparkLabelJob.run(spark, options(list("parity.txt", in), output));
        assertEquals(8, s.rows());
        assertEquals(2, s.errorRows());
        Map<String, Map<String, Object>> rows = rows(output);
        assertEquals(8, rows.size());
        assertNotNull(rows.get(broken.toString()).get("error"));
        assertNotNull(rows.get(data.resolve("missing.mp4").toString()).get("error"));
        try (ActionRecognizer rec = ActionRecognizer.builder().model(model).vocab(vocab).labels(LABELS)
                .templates(Templates.none()).frames(4).threads(1).cache(false).build()) {
            for (String v : videos) {
                Map<String, Object> row = rows.get(v);
                assertNull(row.get("error"), v);
                List<Map<String, Object>> top = (List<Map<String, Object>>) row.get("top");
                Prediction p = rec.classify(Path.of(v));
                List<TopK.Entry> want = p.top(4);
                assertEquals(want.size(), top.size());
                for (int i = 0; i < want.size(); i++) {
                    assertEquals(want.get(i).label(), top.get(i).get("label"), v);
                    assertEquals(want.get(i).probability(), ((Number) top.get(i).get("probability")).doubleValue(),
                            1e-5, v);
                }
                assertEquals(4, ((Number) row.get("frames")).intValue());
                assertTrue(((Number) row.get("duration")).doubleValue() > 0);
            }
        }
    }

    @Test
    void aFailedTaskIsRetriedWithoutDuplicateRows() throws Exception {
        Path output = data.resolve("out-retry");
        spark.sparkContext().setLocalProperty(PartitionLabeler.FAIL_FIRST_ATTEMPT, "true");
        try {
            SparkLabelJob.run(spark, options(list("retry.txt", videos), output, "--partitions", "2"));
        } finally {
            spark.sparkContext().setLocalProperty(PartitionLabeler.FAIL_FIRST_ATTEMPT, null);
        }
        Map<String, Map<String, Object>> rows = rows(output);
        assertEquals(new java.util.TreeSet<>(videos), new java.util.TreeSet<>(rows.keySet()));
    }

    @Test
    void aResumedRunLabelsEachInputExactlyOnce() throws Exception {
        Path output = data.resolve("out-resume");
        // an earlier run that got through half the inputs, then a kill that left an uncommitted attempt behind
        SparkLabelJob.run(spark, options(list("first-half.txt", videos.subList(0, 3)), output));
        Files.createDirectories(output.resolve("_temporary/0/_temporary/attempt_x"));
        Files.write(output.resolve("_temporary/0/_temporary/attempt_x/part-00000.json"), List.of("{\"path\":\"x\"}"));
        Path all = list("all.txt", videos);
        assertThrows(IllegalArgumentException.class, () -> SparkLabelJob.run(spark, options(all, output)));
        SparkLabelJob.Summary s = SparkLabelJob.run(spark, options(all, output, "--resume"));
        assertEquals(6, s.inputs());
        assertEquals(3, s.alreadyDone());
        assertEquals(3, s.rows());
        Map<String, Map<String, Object>> rows = rows(output);
        assertEquals(new java.util.TreeSet<>(videos), new java.util.TreeSet<>(rows.keySet()));
        // nothing left to do: a third run writes no row
        assertEquals(0, SparkLabelJob.run(spark, options(all, output, "--resume")).rows());
        assertFalse(rows(output).containsKey("x"));
    }
}
