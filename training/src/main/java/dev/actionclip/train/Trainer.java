package dev.actionclip.train;

import dev.actionclip.torch.DeviceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * ActionCLIP fine-tuning loop. One optimizer step = {@code gradAccumulation} batches of {@code batchSize} samples
 * taken from a per-epoch seeded shuffle (incomplete tails are dropped, as ActionCLIP's loader does); each prompt
 * gets a random template; loss = {@link ActionClipLoss} over the batch's prompts or, with
 * {@link TrainConfig.Contrast#LABELS}, over one prompt per class; then optional gradient clipping, the warmup-cosine
 * learning rate and an {@link AdamW} update. Every random choice is derived from (seed, epoch, step), so a run
 * resumed from a {@link Checkpoint} reproduces the uninterrupted run. Writes {@code steps.csv}, {@code epochs.csv}
 * and {@code checkpoint/} under the run folder.
 *
 * <p>Device: the model is moved to the {@link TrainDevice} before the optimizer is built, so its state is allocated
 * there too; each batch's frames and tokens are copied there, and the loss (ground truth included) is computed
 * there. Below float32 the encoders run under autocast; fp16 adds {@link LossScaler dynamic loss scaling}.
 *
 * <p>Data wait: the time a step spends blocked in taking its batches (decoding and augmentation run on the
 * {@link Batches}' own threads, one batch ahead with {@link Builder#prefetch}) is logged per step and per epoch as a
 * share of the step time: near 0 the device is the bottleneck, near 1 the decoders are.
 */
public final class Trainer implements AutoCloseable {
    /** Called after every optimizer step (for tests and custom logging). */
    public interface Listener {
        void onStep(StepResult r);
    }

    /** Evaluates the model (already in eval mode, no grad) after an epoch; may return null. */
    public interface EvalHook {
        Evaluator.Result evaluate(TrainableModel model, int epoch) throws IOException;
    }

    /**
     * @param loss            mean over the step's batches; NaN when every sample of the step was skipped
     * @param stepSeconds     wall time of the whole step (the device's queued work included)
     * @param dataWaitSeconds part of it spent blocked in taking the step's batches
     */
    public record StepResult(long globalStep, int epoch, double loss, double lr, double lrFusion, int samples,
                             int skipped, double stepSeconds, double dataWaitSeconds) {
    }

    /**
     * @param stopReason    "finished", "max-steps" or "max-minutes"
     * @param dataWaitShare share of this process's step time spent waiting for data (NaN without steps)
     * @param overflowSteps fp16 steps skipped because of inf/NaN gradients (0 otherwise), over the whole run
     */
    public record Outcome(long globalStep, int epoch, String stopReason, List<Double> losses, Path checkpointDir,
                          double dataWaitShare, long overflowSteps) {
    }

    private static final long SALT_DROPOUT = 0x64726F70L;
    private static final long SALT_TEMPLATE = 0x74706C74L;

    private final TrainConfig config;
    private final TrainableModel model;
    private final Batches batches;
    private final TextSide text;
    private final Path runDir;
    private final EvalHook evalHook;
    private final Listener listener;
    private final Map<String, Object> extra;
    private final TrainDevice device;
    private final LossScaler scaler;
    private final AdamW optimizer;
    private final BatchLoader loader;
    private final AdamW.Group fusionGroup;
    private final AdamW.Group textGroup; // null when the text tower is frozen
    private final AdamW.Group imageGroup; // null when the image tower is frozen
    private final int stepsPerEpoch;
    private final BatchPlan plan;
    private final LrSchedule schedule;
    private int epoch;
    private int stepInEpoch;
    private long globalStep;
    private long checkpointedStep = -1;
    private final EpochStats stats = new EpochStats();
    private long runStepNanos;
    private long runWaitNanos;

    private Trainer(Builder b) {
        this.config = b.config;
        // first: no CUDA (or fp16 on the CPU) fails before any thread or state is made
        this.device = TrainDevice.of(b.device, config.precision());
        this.scaler = device.needsLossScaling() ? new LossScaler() : null;
        this.model = b.model;
        this.batches = b.batches;
        this.text = b.text;
        this.runDir = b.runDir;
        this.evalHook = b.evalHook;
        this.listener = b.listener;
        this.extra = b.extra == null ? Map.of() : new java.util.LinkedHashMap<>(b.extra);
        long perStep = (long) config.batchSize() * config.gradAccumulation();
        if (batches.size() < perStep) {
            throw new IllegalArgumentException("the training set has " + batches.size()
                    + " samples, fewer than one optimizer step needs (batch " + config.batchSize() + " x "
                    + config.gradAccumulation() + " accumulation)");
        }
        this.stepsPerEpoch = Math.toIntExact(batches.size() / perStep);
        this.loader = new BatchLoader(b.batches, b.prefetch); // after the checks: it may start a thread
        this.plan = new BatchPlan(config, batches.size(), stepsPerEpoch);
        long total = (long) stepsPerEpoch * config.epochs();
        this.schedule = new LrSchedule(config.warmupStepsFor(stepsPerEpoch), total, config.minLr() / config.lr());
        model.moveTo(device.device()); // before the optimizer: its state is made like the parameters, on the device
        this.optimizer = new AdamW(config.beta1(), config.beta2(), config.eps(), config.weightDecay());
        this.textGroup = addOrFreeze("text", model.textParameters(), config.freezeText(),
                config.lr() * config.textRatio());
        this.imageGroup = addOrFreeze("image", model.imageParameters(), config.freezeImage(), config.lr());
        this.fusionGroup = addOrFreeze("fusion", model.fusionParameters(), false, config.lr() * config.fusionRatio());
    }

    /** The parameters' optimizer group, or null when they are frozen (or there are none). */
    private AdamW.Group addOrFreeze(String name, Map<String, Tensor> params, boolean frozen, double lr) {
        if (frozen) {
            for (Tensor p : params.values()) {
                p.requires_grad_(false);
            }
            return null;
        }
        return params.isEmpty() ? null : optimizer.addGroup(name, params, lr);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Optimizer steps of the whole run ({@link #stepsPerEpoch()} × epochs), for progress reporting. */
    public long totalSteps() {
        return (long) stepsPerEpoch * config.epochs();
    }

    /** Optimizer steps done so far (non-zero after {@link #resume()}). */
    public long globalStep() {
        return globalStep;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public Path checkpointDir() {
        return runDir.resolve("checkpoint");
    }

    public TrainDevice device() {
        return device;
    }

    /** Continues from {@code checkpointDir()}: restores weights, optimizer state, position and epoch statistics. */
    public void resume() throws IOException {
        Checkpoint c = Checkpoint.read(checkpointDir());
        c.restore(checkpointDir(), model, optimizer);
        epoch = c.epoch();
        stepInEpoch = c.stepInEpoch();
        globalStep = c.globalStep();
        checkpointedStep = globalStep;
        stats.fromJson(c.extra());
        if (scaler != null) {
            scaler.fromJson(c.extra());
        }
    }

    /** Trains until the last epoch, {@code maxSteps} or {@code maxMinutes}; always ends with a checkpoint. */
    public Outcome run() throws IOException {
        long start = System.nanoTime();
        List<Double> losses = new ArrayList<>();
        model.train(true);
        try (MetricsLog log = new MetricsLog(runDir)) {
            while (epoch < config.epochs()) {
                int[] order = plan.order(epoch);
                while (stepInEpoch < stepsPerEpoch) {
                    StepResult r = step(order);
                    losses.add(r.loss());
                    stats.add(r);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    log.step(r.globalStep(), r.epoch(), r.loss(), r.lr(), r.lrFusion(), stats.rate(), r.skipped(),
                            r.stepSeconds(), r.dataWaitSeconds() / r.stepSeconds());
                    if (listener != null) {
                        listener.onStep(r);
                    }
                    String stop = stopReason(seconds);
                    if (stop != null && stepInEpoch < stepsPerEpoch) {
                        return finish(stop, losses);
                    }
                }
                endEpoch(log);
                String stop = stopReason((System.nanoTime() - start) / 1e9);
                if (stop != null && epoch < config.epochs()) {
                    return finish(stop, losses);
                }
            }
            return finish("finished", losses);
        }
    }

    private String stopReason(double seconds) {
        if (config.maxSteps() > 0 && globalStep >= config.maxSteps()) {
            return "max-steps";
        }
        if (config.maxMinutes() > 0 && seconds >= config.maxMinutes() * 60) {
            return "max-minutes";
        }
        return null;
    }

    private Outcome finish(String reason, List<Double> losses) throws IOException {
        if (checkpointedStep != globalStep) { // the end of an epoch has just written this one
            checkpoint();
        }
        double share = runStepNanos == 0 ? Double.NaN : runWaitNanos / (double) runStepNanos;
        return new Outcome(globalStep, epoch, reason, losses, checkpointDir(), share,
                scaler == null ? 0 : scaler.skippedSteps());
    }

    private void endEpoch(MetricsLog log) throws IOException {
        Evaluator.Result eval = null;
        boolean last = epoch == config.epochs() - 1;
        if (evalHook != null && config.evalEveryEpochs() > 0 && ((epoch + 1) % config.evalEveryEpochs() == 0 || last)) {
            model.train(false);
            try (NoGradGuard g = new NoGradGuard()) {
                eval = evalHook.evaluate(model, epoch);
            } finally {
                model.train(true);
            }
        }
        log.epoch(epoch, stats.steps, stats.meanLoss(), stats.samples, stats.skipped, stats.seconds(), eval,
                stats.dataWaitShare());
        epoch++;
        stepInEpoch = 0;
        stats.reset();
        checkpoint();
    }

    private void checkpoint() throws IOException {
        Map<String, Object> all = new java.util.LinkedHashMap<>(extra);
        all.putAll(stats.toJson());
        if (scaler != null) {
            all.putAll(scaler.toJson());
        }
        Checkpoint.write(checkpointDir(), config, epoch, stepInEpoch, globalStep, model, optimizer, all);
        checkpointedStep = globalStep;
    }

    private StepResult step(int[] order) {
        long startNanos = System.nanoTime();
        long waitNanos = 0;
        int accum = config.gradAccumulation();
        double factor = schedule.factor(globalStep);
        double lr = config.lr() * factor;
        double lrFusion = lr * config.fusionRatio();
        double lossSum = 0;
        int lossCount = 0;
        int samples = 0;
        int skipped = 0;
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(Seeds.mix(config.seed(), SALT_DROPOUT, globalStep)); // dropout, seeded per step
            for (int micro = 0; micro < accum; micro++) {
                long seed = plan.seed(epoch, stepInEpoch, micro);
                long waitFrom = System.nanoTime();
                Batches.Loaded loaded = loader.get(plan.indices(order, stepInEpoch, micro), seed);
                waitNanos += System.nanoTime() - waitFrom;
                plan.prefetchAfter(loader, order, epoch, stepInEpoch, micro);
                skipped += loaded.skipped();
                long[] labels = loaded.labels();
                if (labels.length == 0) {
                    continue;
                }
                SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, SALT_TEMPLATE));
                // batch: one prompt per sample; labels: one prompt per class (each with its own random template)
                long[] prompted = config.contrast() == TrainConfig.Contrast.LABELS ? allClasses() : labels;
                int[] templates = new int[prompted.length];
                for (int i = 0; i < templates.length; i++) {
                    templates[i] = rng.nextInt(text.templateCount());
                }
                Tensor videos = device.put(loaded.videos(), ScalarType.Float);
                Tensor tokens = device.put(text.tokens(templates, prompted), ScalarType.Long);
                Tensor loss = forward(videos, tokens, labels);
                lossSum += loss.item_double();
                lossCount++;
                samples += labels.length;
                // the mean over the micro-batches: N accumulated batches give one step's gradient
                Tensor part = loss.div(new Scalar((double) accum));
                (scaler == null ? part : scaler.scaled(part)).backward();
            }
            if (lossCount > 0) {
                boolean finite = scaler == null || scaler.unscaleAndCheck(optimizer.parameters());
                if (finite) {
                    update(lr, lrFusion);
                }
                if (scaler != null) {
                    scaler.update(finite); // an overflow skips the update and halves the scale
                }
            }
            optimizer.zeroGrad();
            device.synchronize(); // the step's time includes the device work it queued
        }
        globalStep++;
        stepInEpoch++;
        long stepNanos = Math.max(1, System.nanoTime() - startNanos);
        runStepNanos += stepNanos;
        runWaitNanos += waitNanos;
        double loss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        return new StepResult(globalStep, epoch, loss, lr, lrFusion, samples, skipped, stepNanos / 1e9,
                waitNanos / 1e9);
    }

    /** Clipping, the scheduled learning rates, then the AdamW update. */
    private void update(double lr, double lrFusion) {
        if (config.gradClipNorm() > 0) {
            TensorVector params = new TensorVector();
            for (Tensor p : optimizer.parameters()) {
                params.push_back(p);
            }
            torch.clip_grad_norm_(params, config.gradClipNorm());
        }
        // lr 0 leaves AdamW's decoupled weight decay out too: a tower in its frozen epochs stays exactly as it was
        if (imageGroup != null) {
            imageGroup.setLr(epoch < config.freezeImageEpochs() ? 0 : lr);
        }
        if (textGroup != null) {
            textGroup.setLr(epoch < config.freezeTextEpochs() ? 0 : lr * config.textRatio());
        }
        if (fusionGroup != null) {
            fusionGroup.setLr(lrFusion);
        }
        optimizer.step();
    }

    /** Encoders (under autocast below float32), then the loss in float32, all on the device. */
    private Tensor forward(Tensor videos, Tensor tokens, long[] labels) {
        Tensor[] vt = device.autocast(() -> new Tensor[] {model.encodeVideo(videos), model.encodeText(tokens)});
        Tensor v = vt[0].to(ScalarType.Float);
        Tensor t = vt[1].to(ScalarType.Float);
        Tensor scale = model.logitScale().to(ScalarType.Float);
        return config.contrast() == TrainConfig.Contrast.LABELS
                ? ActionClipLoss.labelLoss(v, t, scale, labels)
                : ActionClipLoss.loss(v, t, scale, labels);
    }

    private long[] allClasses() {
        long[] all = new long[text.classCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    @Override
    public void close() {
        loader.close();
        optimizer.close();
    }

    /** Wires a trainer; {@code config}, {@code model}, {@code batches}, {@code text} and {@code runDir} are required. */
    public static final class Builder {
        private TrainConfig config;
        private TrainableModel model;
        private Batches batches;
        private TextSide text;
        private Path runDir;
        private EvalHook evalHook;
        private Listener listener;
        private boolean prefetch;
        private Map<String, Object> extra;
        private DeviceSpec device = DeviceSpec.CPU;

        public Builder config(TrainConfig v) { config = v; return this; }
        public Builder model(TrainableModel v) { model = v; return this; }
        public Builder batches(Batches v) { batches = v; return this; }
        public Builder textSide(TextSide v) { text = v; return this; }
        public Builder runDir(Path v) { runDir = v; return this; }
        public Builder evalHook(EvalHook v) { evalHook = v; return this; }
        public Builder listener(Listener v) { listener = v; return this; }
        /**
         * Loads the next batch on a background thread while the current one trains. The {@link Batches} must then
         * tolerate being called from that thread (one call at a time). Results are identical either way.
         */
        public Builder prefetch(boolean v) { prefetch = v; return this; }
        /** Entries copied into every checkpoint's {@code extra} (e.g. the tokenizer a model loader needs). */
        public Builder checkpointExtra(Map<String, Object> v) { extra = v; return this; }
        /** Where to train (default the CPU); the precision is the config's. */
        public Builder device(DeviceSpec v) { device = java.util.Objects.requireNonNull(v); return this; }

        public Trainer build() {
            if (config == null || model == null || batches == null || text == null || runDir == null) {
                throw new IllegalStateException("trainer needs config, model, batches, textSide and runDir");
            }
            return new Trainer(this);
        }
    }
}
