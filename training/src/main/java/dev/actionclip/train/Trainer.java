package dev.actionclip.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * ActionCLIP fine-tuning loop. One optimizer step = {@code gradAccumulation} batches of {@code batchSize} samples
 * taken from a per-epoch seeded shuffle (incomplete tails are dropped, as ActionCLIP's loader does); each prompt
 * gets a random template; loss = {@link ActionClipLoss} over the batch's prompts or, with
 * {@link TrainConfig.Contrast#LABELS}, over one prompt per class; then optional gradient clipping, the warmup-cosine
 * learning rate and an {@link AdamW} update. Every random choice is derived from (seed, epoch, step), so a run
 * resumed from a {@link Checkpoint} reproduces the uninterrupted run. Writes {@code steps.csv}, {@code epochs.csv}
 * and {@code checkpoint/} under the run folder.
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

    /** @param loss mean over the step's batches; NaN when every sample of the step was skipped */
    public record StepResult(long globalStep, int epoch, double loss, double lr, double lrFusion, int samples,
                             int skipped) {
    }

    /** @param stopReason "finished", "max-steps" or "max-minutes" */
    public record Outcome(long globalStep, int epoch, String stopReason, List<Double> losses, Path checkpointDir) {
    }

    private static final long SALT_DROPOUT = 0x64726F70L;
    private static final long SALT_ORDER = 0x6F726465L;
    private static final long SALT_TEMPLATE = 0x74706C74L;

    private final TrainConfig config;
    private final TrainableModel model;
    private final Batches batches;
    private final TextSide text;
    private final Path runDir;
    private final EvalHook evalHook;
    private final Listener listener;
    private final Map<String, Object> extra;
    private final AdamW optimizer;
    private final BatchLoader loader;
    private final AdamW.Group[] clipGroups;
    private final AdamW.Group fusionGroup;
    private final int stepsPerEpoch;
    private final LrSchedule schedule;
    private int epoch;
    private int stepInEpoch;
    private long globalStep;
    private long checkpointedStep = -1;
    private final EpochStats stats = new EpochStats();

    private Trainer(Builder b) {
        this.config = b.config;
        this.model = b.model;
        this.batches = b.batches;
        this.text = b.text;
        this.runDir = b.runDir;
        this.evalHook = b.evalHook;
        this.listener = b.listener;
        this.extra = b.extra == null ? Map.of() : new java.util.LinkedHashMap<>(b.extra);
        this.loader = new BatchLoader(b.batches, b.prefetch);
        long perStep = (long) config.batchSize() * config.gradAccumulation();
        if (batches.size() < perStep) {
            throw new IllegalArgumentException("the training set has " + batches.size()
                    + " samples, fewer than one optimizer step needs (batch " + config.batchSize() + " x "
                    + config.gradAccumulation() + " accumulation)");
        }
        this.stepsPerEpoch = Math.toIntExact(batches.size() / perStep);
        long total = (long) stepsPerEpoch * config.epochs();
        this.schedule = new LrSchedule(config.warmupStepsFor(stepsPerEpoch), total, config.minLr() / config.lr());
        this.optimizer = new AdamW(config.beta1(), config.beta2(), config.eps(), config.weightDecay());
        List<AdamW.Group> clip = new ArrayList<>();
        addOrFreeze("text", model.textParameters(), config.freezeText(), config.lr(), clip);
        addOrFreeze("image", model.imageParameters(), config.freezeImage(), config.lr(), clip);
        List<AdamW.Group> fusion = new ArrayList<>();
        addOrFreeze("fusion", model.fusionParameters(), false, config.lr() * config.fusionRatio(), fusion);
        this.clipGroups = clip.toArray(new AdamW.Group[0]);
        this.fusionGroup = fusion.isEmpty() ? null : fusion.get(0);
    }

    private void addOrFreeze(String name, Map<String, Tensor> params, boolean frozen, double lr,
                             List<AdamW.Group> out) {
        if (frozen) {
            for (Tensor p : params.values()) {
                p.requires_grad_(false);
            }
        } else if (!params.isEmpty()) {
            out.add(optimizer.addGroup(name, params, lr));
        }
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

    /** Continues from {@code checkpointDir()}: restores weights, optimizer state, position and epoch statistics. */
    public void resume() throws IOException {
        Checkpoint c = Checkpoint.read(checkpointDir());
        c.restore(checkpointDir(), model, optimizer);
        epoch = c.epoch();
        stepInEpoch = c.stepInEpoch();
        globalStep = c.globalStep();
        checkpointedStep = globalStep;
        stats.fromJson(c.extra());
    }

    /** Trains until the last epoch, {@code maxSteps} or {@code maxMinutes}; always ends with a checkpoint. */
    public Outcome run() throws IOException {
        long start = System.nanoTime();
        List<Double> losses = new ArrayList<>();
        model.train(true);
        try (MetricsLog log = new MetricsLog(runDir)) {
            while (epoch < config.epochs()) {
                int[] order = Seeds.permutation(batches.size(), Seeds.mix(config.seed(), SALT_ORDER, epoch));
                while (stepInEpoch < stepsPerEpoch) {
                    StepResult r = step(order);
                    losses.add(r.loss());
                    stats.add(r);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    log.step(r.globalStep(), r.epoch(), r.loss(), r.lr(), r.lrFusion(), stats.rate(), r.skipped());
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
        return new Outcome(globalStep, epoch, reason, losses, checkpointDir());
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
        log.epoch(epoch, stats.steps, stats.meanLoss(), stats.samples, stats.skipped, stats.seconds(), eval);
        epoch++;
        stepInEpoch = 0;
        stats.reset();
        checkpoint();
    }

    private void checkpoint() throws IOException {
        Map<String, Object> all = new java.util.LinkedHashMap<>(extra);
        all.putAll(stats.toJson());
        Checkpoint.write(checkpointDir(), config, epoch, stepInEpoch, globalStep, model, optimizer, all);
        checkpointedStep = globalStep;
    }

    private StepResult step(int[] order) {
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
                long seed = batchSeed(stepInEpoch, micro);
                Batches.Loaded loaded = loader.get(batchIndices(order, stepInEpoch, micro), seed);
                prefetchAfter(order, micro);
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
                Tensor loss = forward(loaded.videos(), text.tokens(templates, prompted), labels);
                lossSum += loss.item_double();
                lossCount++;
                samples += labels.length;
                loss.div(new Scalar((double) accum)).backward();
            }
            if (lossCount > 0) {
                if (config.gradClipNorm() > 0) {
                    TensorVector params = new TensorVector();
                    for (Tensor p : optimizer.parameters()) {
                        params.push_back(p);
                    }
                    torch.clip_grad_norm_(params, config.gradClipNorm());
                }
                for (AdamW.Group g : clipGroups) {
                    g.setLr(lr);
                }
                if (fusionGroup != null) {
                    fusionGroup.setLr(lrFusion);
                }
                optimizer.step();
            }
            optimizer.zeroGrad();
        }
        globalStep++;
        stepInEpoch++;
        double loss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        return new StepResult(globalStep, epoch, loss, lr, lrFusion, samples, skipped);
    }

    /** Starts loading the batch after ({@code stepInEpoch}, {@code micro}) when it is in the same epoch. */
    private void prefetchAfter(int[] order, int micro) {
        int accum = config.gradAccumulation();
        int nextStep = micro + 1 < accum ? stepInEpoch : stepInEpoch + 1;
        int nextMicro = micro + 1 < accum ? micro + 1 : 0;
        if (nextStep < stepsPerEpoch) {
            loader.prefetch(batchIndices(order, nextStep, nextMicro), batchSeed(nextStep, nextMicro));
        }
    }

    private int[] batchIndices(int[] order, int step, int micro) {
        int first = (step * config.gradAccumulation() + micro) * config.batchSize();
        return Arrays.copyOfRange(order, first, first + config.batchSize());
    }

    /** Seed for loading (augmentation) and template choice of one batch. */
    private long batchSeed(int step, int micro) {
        return Seeds.mix(config.seed(), epoch, step, micro);
    }

    /** Encoders (under bf16 autocast when asked), then the loss in float32. */
    private Tensor forward(Tensor videos, Tensor tokens, long[] labels) {
        Tensor v;
        Tensor t;
        if (config.bf16()) {
            torch.set_autocast_dtype(DeviceType.CPU, ScalarType.BFloat16);
            torch.set_autocast_enabled(DeviceType.CPU, true);
            try {
                v = model.encodeVideo(videos);
                t = model.encodeText(tokens);
            } finally {
                torch.set_autocast_enabled(DeviceType.CPU, false);
            }
        } else {
            v = model.encodeVideo(videos);
            t = model.encodeText(tokens);
        }
        Tensor scale = model.logitScale().to(ScalarType.Float);
        return config.contrast() == TrainConfig.Contrast.LABELS
                ? ActionClipLoss.labelLoss(v.to(ScalarType.Float), t.to(ScalarType.Float), scale, labels)
                : ActionClipLoss.loss(v.to(ScalarType.Float), t.to(ScalarType.Float), scale, labels);
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

        public Trainer build() {
            if (config == null || model == null || batches == null || text == null || runDir == null) {
                throw new IllegalStateException("trainer needs config, model, batches, textSide and runDir");
            }
            return new Trainer(this);
        }
    }
}
