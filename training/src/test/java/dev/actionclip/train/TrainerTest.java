package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.torch.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
    private static final int SAMPLES = 13; // batch 4: three steps per epoch, one sample dropped
    private static final int CLASSES = 3;
    private static final int TEMPLATES = 4;
    private static final int DIM = 8;

    @TempDir
    Path tmp;

    @BeforeAll
    static void threads() {
        torch.set_num_threads(1);
    }

    private static TrainConfig config() {
        return TrainConfig.builder().epochs(2).batchSize(4).lr(1e-2).fusionRatio(10).warmupSteps(2)
                .gradClipNorm(1.0).seed(5).build();
    }

    private static ToyData data() {
        return new ToyData(SAMPLES, CLASSES, TEMPLATES, Set.of(2)); // sample 2 is "corrupt"
    }

    private static Trainer trainer(TrainConfig c, ToyModel m, ToyData d, Path run, List<Double> losses) {
        return trainer(c, m, d, run, losses, false);
    }

    private static Trainer trainer(TrainConfig c, ToyModel m, ToyData d, Path run, List<Double> losses,
                                   boolean prefetch) {
        return Trainer.builder().config(c).model(m).batches(d).textSide(d).runDir(run).prefetch(prefetch)
                .listener(r -> losses.add(r.loss())).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void resumedRunRepeatsTheUninterruptedLosses(int stopAt) throws Exception {
        ToyData d = data();
        List<Double> straight = new ArrayList<>();
        try (Trainer t = trainer(config(), new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1), d, tmp.resolve("a"),
                straight)) {
            Trainer.Outcome o = t.run();
            assertEquals("finished", o.stopReason());
            assertEquals(6, o.globalStep());
        }
        assertEquals(6, straight.size());

        Path run = tmp.resolve("b");
        List<Double> resumed = new ArrayList<>();
        try (Trainer t = trainer(config().toBuilder().maxSteps(stopAt).build(),
                new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1), d, run, resumed, true)) {
            Trainer.Outcome o = t.run();
            assertEquals("max-steps", o.stopReason());
            assertEquals(stopAt, o.globalStep());
        }
        // everything anew: config from the checkpoint, a differently initialised model, fresh data objects
        Checkpoint ck = Checkpoint.read(run.resolve("checkpoint"));
        assertEquals(stopAt, ck.globalStep());
        TrainConfig c = ck.config().toBuilder().maxSteps(0).build();
        ToyData d2 = data();
        try (Trainer t = trainer(c, new ToyModel(ToyData.PIXELS, d2.vocab(), DIM, 999), d2, run, resumed, true)) {
            t.resume();
            Trainer.Outcome o = t.run();
            assertEquals("finished", o.stopReason());
            assertEquals(6, o.globalStep());
        }
        assertEquals(6, resumed.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(straight.get(i), resumed.get(i), 1e-5, "loss of step " + (i + 1));
        }
        // the metrics log continued: one header, six step rows, two epoch rows
        List<String> steps = Files.readAllLines(run.resolve("steps.csv"));
        assertEquals(MetricsLog.STEP_HEADER, steps.get(0));
        assertEquals(7, steps.size());
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(3, epochs.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nativeObjectsStayFlatAcrossSteps(boolean prefetch) throws Exception {
        ToyData d = new ToyData(40, CLASSES, TEMPLATES, Set.of(5));
        TrainConfig c = TrainConfig.builder().epochs(1).batchSize(2).lr(1e-3).warmupSteps(0).gradClipNorm(1).build();
        List<Long> counts = new ArrayList<>();
        try (Trainer t = Trainer.builder().config(c).model(new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1))
                .batches(d).textSide(d).runDir(tmp).prefetch(prefetch).listener(r -> counts.add(Pointer.totalCount()))
                .build()) {
            t.run();
        }
        assertEquals(20, counts.size());
        // every per-step tensor is freed by the step's PointerScope: the live count does not grow with steps
        assertTrue(counts.get(19) <= counts.get(2), "live native objects per step: " + counts);
    }

    @Test
    void ignoresFilesTheJsonDoesNotName() throws Exception {
        ToyData d = data();
        try (Trainer t = trainer(config().toBuilder().maxSteps(2).build(),
                new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1), d, tmp, new ArrayList<>())) {
            t.run();
        }
        // a run killed while writing its next checkpoint leaves a half-written pair behind
        Files.writeString(tmp.resolve("checkpoint/model-00000003.safetensors"), "truncated");
        Files.writeString(tmp.resolve("checkpoint/optimizer-00000003.safetensors"), "truncated");
        try (Trainer t = trainer(config(), new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1), d, tmp, new ArrayList<>())) {
            t.resume();
            assertEquals(6, t.run().globalStep());
        }
    }

    @Test
    void lossDecreasesOnALearnableProblem() throws Exception {
        ToyData d = new ToyData(24, CLASSES, TEMPLATES, Set.of());
        TrainConfig c = TrainConfig.builder().epochs(8).batchSize(6).lr(5e-3).warmupSteps(2).seed(3).build();
        List<Double> losses = new ArrayList<>();
        try (Trainer t = trainer(c, new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 2), d, tmp, losses)) {
            t.run();
        }
        assertEquals(32, losses.size());
        double first = losses.subList(0, 4).stream().mapToDouble(x -> x).average().orElseThrow();
        double last = losses.subList(28, 32).stream().mapToDouble(x -> x).average().orElseThrow();
        assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
    }

    @Test
    void labelContrastLearnsToo() throws Exception {
        ToyData d = new ToyData(24, CLASSES, TEMPLATES, Set.of());
        TrainConfig c = TrainConfig.builder().epochs(8).batchSize(6).lr(5e-3).warmupSteps(2).seed(3)
                .contrast(TrainConfig.Contrast.LABELS).build();
        List<Double> losses = new ArrayList<>();
        try (Trainer t = trainer(c, new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 2), d, tmp, losses)) {
            t.run();
        }
        double first = losses.subList(0, 4).stream().mapToDouble(x -> x).average().orElseThrow();
        double last = losses.subList(28, 32).stream().mapToDouble(x -> x).average().orElseThrow();
        assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
    }

    @Test
    void skipsCorruptSamplesLogsAndCheckpoints() throws Exception {
        ToyData d = data();
        List<Double> losses = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        try (Trainer t = Trainer.builder().config(config()).model(new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1))
                .batches(d).textSide(d).runDir(tmp).listener(r -> skipped.add(r.skipped())).build()) {
            t.run();
        }
        assertEquals(2, skipped.stream().mapToInt(Integer::intValue).sum(), "sample 2 once per epoch (unless dropped)"
                + " " + skipped);
        List<String> rows = Files.readAllLines(tmp.resolve("steps.csv"));
        long logged = rows.stream().skip(1).mapToLong(r -> Long.parseLong(r.split(",")[6])).sum();
        assertEquals(2, logged);
        Map<String, Object> json = Json.parseObject(Files.readString(tmp.resolve("checkpoint/checkpoint.json")));
        Set<String> files;
        try (var s = Files.list(tmp.resolve("checkpoint"))) {
            files = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("checkpoint.json", json.get("weights"), json.get("optimizer")), files);
        SafeTensors opt = SafeTensors.open(tmp.resolve("checkpoint").resolve((String) json.get("optimizer")));
        assertEquals(6L, opt.get("fusion.weight.step").toLongArray()[0]);
        assertTrue(opt.tensors().containsKey("logit_scale.exp_avg_sq"));
    }

    @Test
    void frozenImageTowerDoesNotMove() throws Exception {
        ToyData d = data();
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        float[] imageBefore = Tensors.toFloatArray(m.imageParameters().get("image.weight"));
        float[] textBefore = Tensors.toFloatArray(m.textParameters().get("text.weight"));
        TrainConfig c = config().toBuilder().freezeImage(true).gradAccumulation(2).epochs(1).build();
        try (Trainer t = trainer(c, m, d, tmp, new ArrayList<>())) {
            assertTrue(t.optimizer().groups().stream().noneMatch(g -> g.name().equals("image")));
            assertEquals(1, t.stepsPerEpoch()); // 13 samples / (4 x 2)
            t.run();
        }
        Tensor w = m.imageParameters().get("image.weight");
        assertFalse(w.requires_grad());
        assertArrayEquals(imageBefore, Tensors.toFloatArray(w), 0f);
        assertFalse(java.util.Arrays.equals(textBefore, Tensors.toFloatArray(m.textParameters().get("text.weight"))));
    }

    @Test
    void textTowerWaitsForItsEpochsThenLearns() throws Exception {
        ToyData d = data();
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        float[] textBefore = Tensors.toFloatArray(m.textParameters().get("text.weight"));
        float[] imageBefore = Tensors.toFloatArray(m.imageParameters().get("image.weight"));
        TrainConfig c = config().toBuilder().freezeTextEpochs(1).epochs(1).build();
        try (Trainer t = trainer(c, m, d, tmp, new ArrayList<>())) {
            t.run();
        }
        assertArrayEquals(textBefore, Tensors.toFloatArray(m.textParameters().get("text.weight")), 0f);
        assertFalse(java.util.Arrays.equals(imageBefore, Tensors.toFloatArray(m.imageParameters().get("image.weight"))));
        // a two-epoch run: the text tower moves in its second epoch
        TrainConfig more = c.toBuilder().epochs(2).build();
        try (Trainer t = trainer(more, m, d, tmp.resolve("two"), new ArrayList<>())) {
            t.run();
        }
        assertFalse(java.util.Arrays.equals(textBefore, Tensors.toFloatArray(m.textParameters().get("text.weight"))));
        assertEquals(c, TrainConfig.fromJson(c.toJson()));
    }

    @Test
    void imageTowerWaitsForItsEpochs() throws Exception {
        ToyData d = data();
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        float[] imageBefore = Tensors.toFloatArray(m.imageParameters().get("image.weight"));
        TrainConfig c = config().toBuilder().freezeImageEpochs(1).epochs(1).build();
        try (Trainer t = trainer(c, m, d, tmp, new ArrayList<>())) {
            t.run();
        }
        assertArrayEquals(imageBefore, Tensors.toFloatArray(m.imageParameters().get("image.weight")), 0f);
        assertEquals(c, TrainConfig.fromJson(c.toJson()));
    }

    @Test
    void bf16AutocastRunsAndEvalHookIsCalled() throws Exception {
        ToyData d = data();
        List<Double> losses = new ArrayList<>();
        List<Integer> evaluated = new ArrayList<>();
        TrainConfig c = config().toBuilder().bf16(true).build();
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        try (Trainer t = Trainer.builder().config(c).model(m)
                .batches(d).textSide(d).runDir(tmp).listener(r -> losses.add(r.loss()))
                .evalHook((model, epoch) -> {
                    evaluated.add(epoch);
                    return Evaluator.evaluate(new float[][] {{0.9f, 0.1f}}, new int[] {0});
                }).build()) {
            t.run();
        }
        assertEquals(List.of(0, 1), evaluated);
        assertEquals("BFloat16", m.lastVideoType, "Linear ran in bf16 under CPU autocast");
        assertFalse(torch.is_autocast_enabled(org.bytedeco.pytorch.global.torch.DeviceType.CPU));
        assertTrue(losses.stream().allMatch(x -> Double.isFinite(x)), losses.toString());
        List<String> epochs = Files.readAllLines(tmp.resolve("epochs.csv"));
        assertTrue(epochs.get(1).matches(".*,1\\.000000,1\\.000000,1\\.000000,[0-9.]+$"), epochs.get(1));
    }
}
