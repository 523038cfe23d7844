package dev.actionclip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import dev.actionclip.torch.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device and precision plumbing of the trainer, gradient accumulation, and the data-wait measurement (CPU only). */
class TrainerDeviceTest {
    private static final int DIM = 8;

    @TempDir
    Path tmp;

    @BeforeAll
    static void threads() {
        torch.set_num_threads(1);
    }

    private static TrainConfig.Builder small() {
        return TrainConfig.builder().epochs(1).batchSize(4).lr(1e-2).warmupSteps(0).seed(5);
    }

    @Test
    void everyTensorOfAStepIsOnTheAskedDevice() throws Exception {
        ToyData d = new ToyData(8, 3, 2, Set.of());
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        try (Trainer t = Trainer.builder().config(small().maxSteps(1).build()).model(m).batches(d).textSide(d)
                .runDir(tmp).device(DeviceSpec.CPU).build()) {
            assertEquals("cpu", m.movedTo, "the model is moved before the optimizer is built");
            for (Tensor p : t.optimizer().parameters()) {
                assertTrue(p.device().is_cpu());
            }
            t.run();
        }
        assertEquals("cpu", m.lastVideoDevice);
        assertEquals("cpu", m.lastTokenDevice);
        try (var dev = new org.bytedeco.pytorch.Device(DeviceType.CPU, (byte) -1)) {
            Tensor gt = ActionClipLoss.groundTruth(new long[] {0, 1, 0}, dev);
            assertTrue(gt.device().is_cpu());
            assertEquals(List.of(1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f),
                    boxed(Tensors.toFloatArray(gt)), "same as the host-built matrix");
            assertEquals(boxed(Tensors.toFloatArray(ActionClipLoss.groundTruth(new long[] {0, 1, 0}))),
                    boxed(Tensors.toFloatArray(gt)));
        }
    }

    @Test
    void cudaWhereThereIsNoneIsOneLineNamingTheCause() {
        assumeFalse(torch.cuda_is_available(), "this machine has CUDA");
        ToyData d = new ToyData(8, 3, 2, Set.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .config(small().build()).model(new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1)).batches(d)
                .textSide(d).runDir(tmp).device(DeviceSpec.parse("cuda:1")).build());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA is not available: ") && e.getMessage().contains("--device cpu"),
                e.getMessage());
    }

    @Test
    void fp16IsRefusedOnTheCpu() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainDevice.check(DeviceSpec.CPU, Precision.FP16));
        assertTrue(e.getMessage().contains("bf16"), e.getMessage());
        TrainDevice.check(DeviceSpec.CPU, Precision.BF16);
        TrainDevice.check(new DeviceSpec(true, 0), Precision.FP16);
    }

    @Test
    void bf16PrecisionTrainsAndRestoresAutocast() throws Exception {
        ToyData d = new ToyData(16, 3, 2, Set.of());
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1);
        List<Double> losses = new ArrayList<>();
        TrainConfig c = small().precision(Precision.BF16).maxSteps(2).build();
        try (Trainer t = Trainer.builder().config(c).model(m).batches(d).textSide(d).runDir(tmp)
                .listener(r -> losses.add(r.loss())).build()) {
            assertEquals("max-steps", t.run().stopReason());
        }
        assertEquals(2, losses.size());
        assertTrue(losses.stream().allMatch(Double::isFinite), losses.toString());
        assertEquals("BFloat16", m.lastVideoType);
        assertFalse(torch.is_autocast_enabled(DeviceType.CPU));
        assertEquals(Precision.BF16, Checkpoint.read(tmp.resolve("checkpoint")).config().precision());
        // a legacy checkpoint's "bf16": true still reads as bf16
        Map<String, Object> legacy = new LinkedHashMap<>(c.toJson());
        legacy.remove("precision");
        legacy.put("bf16", true);
        assertEquals(Precision.BF16, TrainConfig.fromJson(legacy).precision());
    }

    /**
     * With a loss that is a mean over samples (the label contrast) and no dropout, two accumulated batches of 4 must
     * give the update of one batch of 8. A large AdamW eps makes the first update proportional to the gradient
     * (Adam's first step is otherwise about lr·sign(g), blind to its size), without weight decay.
     */
    @Test
    void gradientAccumulationMatchesABatchTwiceAsBig() throws Exception {
        Map<String, float[]> big = oneStepDelta(8, 1);
        Map<String, float[]> accumulated = oneStepDelta(4, 2);
        Map<String, float[]> half = oneStepDelta(4, 1);
        double scale = 0;
        for (float[] v : big.values()) {
            for (float x : v) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        assertTrue(scale > 1e-4, "the step moved the weights: " + scale);
        for (String k : big.keySet()) {
            float[] a = big.get(k);
            float[] b = accumulated.get(k);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4 * scale, k + "[" + i + "]");
            }
        }
        // the comparison can tell: half the data gives a visibly different update
        double diff = 0;
        for (String k : big.keySet()) {
            for (int i = 0; i < big.get(k).length; i++) {
                diff = Math.max(diff, Math.abs(big.get(k)[i] - half.get(k)[i]));
            }
        }
        assertNotEquals(0.0, diff);
        assertTrue(diff > 1e-2 * scale, "half batch differs by " + diff + " of " + scale);
    }

    private Map<String, float[]> oneStepDelta(int batch, int accumulation) throws Exception {
        ToyData d = new ToyData(16, 3, 1, Set.of());
        d.noisePerSample = true;
        ToyModel m = new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1, 0.0);
        Map<String, float[]> before = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> before.put(k, Tensors.toFloatArray(v)));
        TrainConfig c = small().batchSize(batch).gradAccumulation(accumulation).lr(1.0).eps(100).weightDecay(0)
                .contrast(TrainConfig.Contrast.LABELS).maxSteps(1).build();
        Path run = Files.createTempDirectory(tmp, "run");
        try (Trainer t = Trainer.builder().config(c).model(m).batches(d).textSide(d).runDir(run).build()) {
            t.run();
        }
        Map<String, float[]> delta = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> {
            float[] after = Tensors.toFloatArray(v);
            float[] b = before.get(k);
            for (int i = 0; i < after.length; i++) {
                after[i] -= b[i];
            }
            delta.put(k, after);
        });
        return delta;
    }

    @Test
    void dataWaitIsMeasuredLoggedAndSummed() throws Exception {
        ToyData d = new ToyData(16, 3, 2, Set.of());
        long sleepMs = 20;
        Batches slow = new Batches() {
            @Override
            public int size() {
                return d.size();
            }

            @Override
            public Loaded load(int[] idx, long seed) {
                try {
                    Thread.sleep(sleepMs); // a decoder slower than the toy model
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return d.load(idx, seed);
            }
        };
        List<Trainer.StepResult> steps = new ArrayList<>();
        Trainer.Outcome o;
        try (Trainer t = Trainer.builder().config(small().maxSteps(3).build())
                .model(new ToyModel(ToyData.PIXELS, d.vocab(), DIM, 1)).batches(slow).textSide(d).runDir(tmp)
                .listener(steps::add).build()) {
            o = t.run();
        }
        assertEquals(3, steps.size());
        for (Trainer.StepResult r : steps) {
            // loading runs inside the wait without prefetching: at least the sleep, never more than the step
            assertTrue(r.dataWaitSeconds() >= sleepMs / 1e3 && r.dataWaitSeconds() <= r.stepSeconds(), r.toString());
        }
        assertTrue(o.dataWaitShare() > 0 && o.dataWaitShare() <= 1, "share " + o.dataWaitShare());
        List<String> rows = Files.readAllLines(tmp.resolve("steps.csv"));
        double logged = Double.parseDouble(rows.get(1).split(",")[8]);
        assertTrue(logged > 0 && logged <= 1, rows.get(1));
    }

    @Test
    void lossScalerSkipsOverflowsHalvesAndGrows() {
        LossScaler s = new LossScaler(8);
        Tensor p = Tensors.of(new float[] {1, 2}, 2).requires_grad_(true);
        s.scaled(p.mul(p).sum()).backward(); // d/dp = 2p, times 8
        assertTrue(s.unscaleAndCheck(List.of(p)));
        assertEquals(List.of(2f, 4f), boxed(Tensors.toFloatArray(p.grad())), "unscaled back to 2p");
        s.update(true);
        assertEquals(8, s.scale());

        Tensor q = Tensors.of(new float[] {Float.MAX_VALUE, 1}, 2).requires_grad_(true);
        s.scaled(q.mul(q).sum()).backward(); // overflows to inf
        assertFalse(s.unscaleAndCheck(List.of(p, q)));
        s.update(false);
        assertEquals(4, s.scale());
        assertEquals(1, s.skippedSteps());

        for (int i = 0; i < LossScaler.GROWTH_INTERVAL; i++) {
            s.update(true);
        }
        assertEquals(8, s.scale(), "doubled after a run of finite steps");
        LossScaler restored = new LossScaler();
        restored.fromJson(s.toJson());
        assertEquals(8, restored.scale());
        assertEquals(1, restored.skippedSteps());
    }

    private static List<Float> boxed(float[] a) {
        List<Float> out = new ArrayList<>();
        for (float x : a) {
            out.add(x);
        }
        return out;
    }
}
