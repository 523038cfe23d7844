package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.train.SynthData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} and {@code eval} end to end on generated videos, and their bad-input errors. */
class TrainCommandTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws Exception {
        SynthData.generate(data);
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Train arguments; {@code more} are option/value pairs replacing or adding to the defaults. */
    static String[] trainArgs(Path train, Path out, String... more) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--train", train.toString());
        o.put("--labels", data.resolve("labels.csv").toString());
        o.put("--root", data.toString());
        for (String kv : ("--init tiny --resolution 32 --patch 16 --frames 4 --batch-size 4 --epochs 1 --lr 1e-3 "
                + "--fusion-layers 1 --augment none --threads 2").split(" (?=--)")) {
            String[] p = kv.split(" ");
            o.put(p[0], p[1]);
        }
        o.put("-o", out.toString());
        for (int i = 0; i < more.length; i += 2) {
            o.put(more[i], more[i + 1]);
        }
        List<String> a = new ArrayList<>(List.of("train"));
        o.forEach((k, v) -> {
            a.add(k);
            a.add(v);
        });
        return a.toArray(new String[0]);
    }

    /** A video list ({@code <path> <label>}) of the training clips. */
    static Path videoList(Path dir, List<String> extraLines) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String row : Files.readAllLines(data.resolve("train.csv")).subList(1, 9)) {
            String[] f = row.split(",");
            String label = f[0];
            int id = -1;
            for (String l : Files.readAllLines(data.resolve("labels.csv"))) {
                if (l.endsWith("," + label)) {
                    id = Integer.parseInt(l.substring(0, l.indexOf(',')));
                }
            }
            try (var s = Files.walk(data.resolve("train"))) {
                Path clip = s.filter(p -> p.getFileName().toString().startsWith(f[1] + "_")).findFirst().orElseThrow();
                lines.add(data.relativize(clip) + " " + id);
            }
        }
        lines.addAll(extraLines);
        Path list = dir.resolve("train.txt");
        Files.write(list, lines);
        return list;
    }

    @Test
    void trainsEvaluatesAndTheRunLoadsInEval(@TempDir Path out) throws Exception {
        CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--val", data.resolve("val.csv").toString(),
                "--epochs", "2", "--eval-every", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1: val top1"), r.out());
        List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
        assertEquals(3, epochs.size(), epochs.toString());
        assertTrue(epochs.get(2).matches(".*,[0-9.]+,[0-9.]+,[0-9.]+$"), epochs.get(2));
        Map<String, Object> ck = Json.parseObject(Files.readString(out.resolve("checkpoint/checkpoint.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) ck.get("extra");
        assertEquals("bytes", extra.get("tokenizer"));

        Path confusion = out.resolve("confusion.csv");
        CliRun e = run("eval", "--model", out.toString(), "--data", data.resolve("unseen.csv").toString(), "--labels",
                data.resolve("unseen_labels.csv").toString(), "--frames", "4", "--views", "2", "--confusion",
                confusion.toString(), "--group", "moving left,moving right", "--json");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> j = Json.parseObject(e.out().strip());
        assertTrue(((Number) j.get("samples")).intValue() > 0, e.out());
        assertTrue(j.containsKey("top5") && j.containsKey("mean_class_accuracy") && j.containsKey("groups"), e.out());
        assertTrue(Files.readString(confusion).startsWith("true\\predicted,"));
    }

    @Test
    void bundledVocabularyFromScratchLoadsInEvalWithoutAPath(@TempDir Path out) throws Exception {
        CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--vocab", "bundled", "--context", "16",
                "--max-steps", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vocabulary 49408"), r.out());
        Map<String, Object> ck = Json.parseObject(Files.readString(out.resolve("checkpoint/checkpoint.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) ck.get("extra");
        assertTrue(extra.get("tokenizer") == null, "no path recorded: " + extra.get("tokenizer"));
        CliRun e = run("eval", "--model", out.toString(), "--data", data.resolve("unseen.csv").toString(), "--labels",
                data.resolve("unseen_labels.csv").toString(), "--json");
        assertEquals(0, e.code(), e.err());
    }

    @Test
    void stopsAtMaxStepsAndResumes(@TempDir Path out) throws Exception {
        CliRun first = run(trainArgs(data.resolve("train.csv"), out, "--epochs", "2", "--max-steps", "2"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stopped (max-steps) after 2 steps"), first.out());
        CliRun again = run(trainArgs(data.resolve("train.csv"), out, "--epochs", "2", "--max-steps", "2"));
        assertEquals(2, again.code(), "a second run into the same folder needs --resume");
        CliRun resumed = run("train", "--train", data.resolve("train.csv").toString(), "--labels",
                data.resolve("labels.csv").toString(), "--augment", "none", "--threads", "2", "-o", out.toString(),
                "--resume", "--max-steps", "0");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("stopped (finished)"), resumed.out());
        assertEquals(8, Files.readAllLines(out.resolve("steps.csv")).size() - 1, "2 epochs of 4 steps in total");
    }

    @Test
    void sameSeedSameLossesFromScratch(@TempDir Path a, @TempDir Path b) throws Exception {
        for (Path out : List.of(a, b)) {
            CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--epochs", "1", "--max-steps", "2",
                    "--cache-mb", "64"));
            assertEquals(0, r.code(), r.err());
        }
        List<String> la = Files.readAllLines(a.resolve("steps.csv"));
        List<String> lb = Files.readAllLines(b.resolve("steps.csv"));
        assertEquals(la.size(), lb.size());
        for (int i = 1; i < la.size(); i++) { // the loss column; samples/s differs
            assertEquals(la.get(i).split(",")[2], lb.get(i).split(",")[2], "step " + i + ": random init is seeded");
        }
    }

    @Test
    void corruptVideoIsSkippedAndCounted(@TempDir Path copy, @TempDir Path out) throws Exception {
        SynthData.generate(copy);
        try (var s = Files.walk(copy.resolve("train"))) {
            Path victim = s.filter(p -> p.toString().endsWith(".mp4")).sorted().skip(3).findFirst().orElseThrow();
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x5A);
            Files.write(victim, junk);
        }
        CliRun r = run(trainArgs(copy.resolve("train.csv"), out, "--root", copy.toString(), "--labels",
                copy.resolve("labels.csv").toString()));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains(" 1 unreadable samples skipped"), r.out());
        assertTrue(r.err().contains("warning: skipping"), r.err());
    }

    @Test
    void listWithMissingFilesNamesTheLines(@TempDir Path dir, @TempDir Path out) throws Exception {
        Path list = videoList(dir, List.of("train/nope/missing1.mp4 0", "train/nope/missing2.mp4 1"));
        CliRun r = run(trainArgs(list, out));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("train.txt:9") && r.err().contains("train.txt:10"), r.err());
    }

    @Test
    void labelIdOutOfRangeIsAnError(@TempDir Path dir, @TempDir Path out) throws Exception {
        Path list = videoList(dir, List.of());
        List<String> lines = new ArrayList<>(Files.readAllLines(list));
        lines.set(2, lines.get(2).replaceFirst("\\d+$", "999"));
        Files.write(list, lines);
        CliRun r = run(trainArgs(list, out));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("train.txt:3") && r.err().contains("999"), r.err());
    }

    @Test
    void emptyListIsAnError(@TempDir Path dir, @TempDir Path out) throws Exception {
        Path list = dir.resolve("empty.txt");
        Files.writeString(list, "# nothing\n");
        CliRun r = run(trainArgs(list, out));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("empty"), r.err());
    }

    @Test
    void tooLongPromptsAreRefused(@TempDir Path out) {
        CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--context", "24"));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--context"), r.err());
    }

    @Test
    void cudaWhereThereIsNoneIsAOneLineUsageError(@TempDir Path out) {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                org.bytedeco.pytorch.global.torch.cuda_is_available(), "this machine has CUDA");
        CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--device", "cuda"));
        assertEquals(2, r.code(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: device 'cuda:0' requested but CUDA is not available: "), r.err());
        assertTrue(r.err().contains("CPU build") || r.err().contains("natives did not load")
                || r.err().contains("no GPU"), r.err());
        CliRun fp16 = run(trainArgs(data.resolve("train.csv"), out, "--precision", "fp16"));
        assertEquals(2, fp16.code(), fp16.out());
        assertEquals(1, fp16.err().strip().lines().count(), fp16.err());
        assertTrue(fp16.err().contains("--precision fp16 needs --device cuda"), fp16.err());
    }

    @Test
    void bf16RunRecordsItsClipsAndEvalUsesThem(@TempDir Path out) throws Exception {
        CliRun r = run(trainArgs(data.resolve("train.csv"), out, "--precision", "bf16", "--device", "cpu",
                "--max-steps", "2", "--grad-accumulation", "2", "--batch-size", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("device: cpu, precision bf16, 4 frames per clip, batch 2 x 2 accumulated"), r.out());
        assertTrue(r.out().matches("(?s).*stopped \\(max-steps\\) after 2 steps.*; data wait [0-9.]+% of step time;.*"),
                r.out());
        List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
        assertEquals(3, steps.size(), steps.toString());
        assertTrue(steps.get(0).endsWith(",step_s,data_wait"), steps.get(0));
        Map<String, Object> ck = Json.parseObject(Files.readString(out.resolve("checkpoint/checkpoint.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) ck.get("config");
        assertEquals("bf16", config.get("precision"));
        dev.actionclip.model.CheckpointExtras extras = dev.actionclip.model.CheckpointExtras.forModel(out);
        assertEquals(4, extras.trainedFrames().getAsInt());
        assertEquals(32, extras.trainedResolution().getAsInt());
        assertEquals("tsn", extras.trainedSampling().orElseThrow());

        CliRun e = run("eval", "--model", out.toString(), "--data", data.resolve("val.csv").toString(), "--labels",
                data.resolve("labels.csv").toString(), "--threads", "2", "--json");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("frames per view: 4, as in training"), e.err());
        CliRun explicit = run("eval", "--model", out.toString(), "--data", data.resolve("val.csv").toString(),
                "--labels", data.resolve("labels.csv").toString(), "--threads", "2", "--frames", "2", "--json");
        assertEquals(0, explicit.code(), explicit.err());
        assertTrue(!explicit.err().contains("frames per view"), explicit.err());
    }
}
