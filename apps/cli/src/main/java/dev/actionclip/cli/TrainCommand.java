package dev.actionclip.cli;

import dev.actionclip.model.CheckpointExtras;
import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.datasets.Dataset;
import dev.actionclip.formats.Json;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.train.ClipTrainable;
import dev.actionclip.model.ModelWeights;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.prompts.Templates;
import dev.actionclip.torch.Torch;
import dev.actionclip.train.Checkpoint;
import dev.actionclip.train.DatasetBatches;
import dev.actionclip.train.Evaluator;
import dev.actionclip.train.TokenTable;
import dev.actionclip.train.TrainConfig;
import dev.actionclip.train.TrainDevice;
import dev.actionclip.train.Trainer;
import dev.actionclip.train.VideoEval;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code action-clip train}: fine-tunes a CLIP checkpoint, or trains one from scratch, on labelled videos. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train ActionCLIP (CLIP towers + temporal fusion head) on labelled videos.",
            "Data: a Kinetics-style CSV (label,youtube_id,time_start,time_end,split) or an ActionCLIP/mmaction list "
                + "('<video> <label_id>' or '<frame_dir> <frames> <label_id>'), with an id,name label file.",
            "Start from --model PATH (any checkpoint format) or --init PRESET (random weights; without --vocab the "
                + "text tower uses a 514-token byte vocabulary).",
            "Writes OUTPUT/steps.csv, epochs.csv (with val top-1/top-5/mean class accuracy and data_wait, the share "
                + "of step time spent waiting for decoded batches), eval.json and OUTPUT/checkpoint/, which every "
                + "command's --model accepts (as does OUTPUT itself); the checkpoint records frames, input size and "
                + "sampling, which eval uses by default."},
        footer = {"", "Examples:",
            "  action-clip train --train train.csv --val val.csv --labels labels.csv \\",
            "      --model ViT-B-32.pt --fusion Transf --epochs 50 -o runs/k400",
            "  action-clip train --train train.csv --labels labels.csv --init tiny \\",
            "      --resolution 64 --patch 16 --width 64 --lr 5e-4 -o runs/scratch",
            "  action-clip train --train train.csv --labels labels.csv -o runs/k400 \\",
            "      --resume --max-minutes 60",
            "  action-clip train --train train.csv --labels labels.csv --model ViT-B-32.pt \\",
            "      --device cuda --precision bf16 --grad-accumulation 4 -o runs/gpu"})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, paramLabel = "CSV|LIST", description = "Training annotations.")
    Path trainFile;

    @Option(names = "--val", paramLabel = "CSV|LIST",
            description = "Validation annotations, evaluated zero-shot every --eval-every epochs (default: none).")
    Path valFile;

    @Option(names = "--root", paramLabel = "DIR", description = "Video folder (default: each annotation file's folder).")
    Path root;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "id,name label file (default: Kinetics CSVs: the sorted label names; lists: the label ids).")
    Path labels;

    @Option(names = "--skip-missing",
            description = "Leave out entries whose file is missing instead of failing (default: off, fail).")
    boolean skipMissing;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Checkpoint to fine-tune, any format (default: none; give --model or --init).")
    Path model;

    @Option(names = "--init", paramLabel = "PRESET",
            description = "Random initialisation: tiny, ViT-B/32, ViT-B/16 (default: none; give --model or --init).")
    String init;

    @Option(names = "--resolution", paramLabel = "PX",
            description = "Input size in pixels for --init (default: the preset's).")
    Integer resolution;

    @Option(names = "--patch", paramLabel = "PX",
            description = "Patch size in pixels for --init (default: the preset's).")
    Integer patch;

    @Option(names = "--logit-scale", paramLabel = "S", description = "Initial logit scale (the exp of CLIP's "
            + "logit_scale) for --init (default: CLIP's 1/0.07 = 14.3; pretrained CLIP ends at 100). A larger start "
            + "separates near-identical embeddings of an untrained model sooner.")
    Double logitScale;

    @Option(names = "--context", paramLabel = "TOKENS", description = "Text context length for --init (default 77).")
    Integer context;

    @Option(names = "--width", paramLabel = "N",
            description = "Width of both towers for --init (default: the preset's; heads = width / 64, at least 1).")
    Integer width;

    @Option(names = "--layers", paramLabel = "N", description = "Layers of both towers for --init (default: the preset's).")
    Integer layers;

    @Option(names = "--fusion-layers", defaultValue = "6", paramLabel = "N",
            description = "Layers of a new Transf/Transf_cls head (default ${DEFAULT-VALUE}).")
    int fusionLayers;

    @Option(names = "--vocab", paramLabel = "FILE",
            description = "BPE vocabulary (bpe_simple_vocab_16e6.txt.gz), or 'bundled' for CLIP's own, shipped with "
                    + "this tool (default: with --init, a 514-token byte vocabulary; with --model or --resume, the "
                    + "checkpoint's, else found as by the other commands).")
    Path vocab;

    @Option(names = "--templates", defaultValue = "actionclip", paramLabel = "SPEC",
            description = "Prompt templates for training and evaluation: actionclip, none or a file (default ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--augment", defaultValue = "full", paramLabel = "KIND",
            description = "Training augmentation: none, crop (multi-scale crop), full (crop + colour jitter + "
                    + "grayscale) (default ${DEFAULT-VALUE}). Colour changes hurt colour-named labels.")
    String augment;

    @Option(names = "--flip",
            description = "Random horizontal flips (default: off, since they swap left/right-named labels).")
    boolean flip;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Video decode threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "0", description = "Keep up to MB megabytes of "
            + "decoded training frames in memory across epochs (default ${DEFAULT-VALUE} = decode every time). Worth it "
            + "for small datasets of short clips; results are identical either way. The JVM heap must hold it.")
    long cacheMb;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "LibTorch intra-op threads (default: $ACTIONCLIP_THREADS, else all cores).")
    int threads;

    @Mixin
    TrainOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path run = options.output();
        if (run == null) {
            throw new UserInputException("--output DIR is required (metrics and checkpoint go there)");
        }
        if (options.resume() && (model != null || init != null)) {
            throw new UserInputException("--resume continues OUTPUT's own model: drop --model/--init");
        }
        if (!options.resume() && model == null && init == null) {
            throw new UserInputException("give --model PATH (fine-tune) or --init PRESET (from scratch)");
        }
        if (model != null && init != null) {
            throw new UserInputException("--model and --init are exclusive");
        }
        if (logitScale != null && !(logitScale > 0)) {
            throw new UserInputException("--logit-scale must be > 0, got " + logitScale);
        }
        DatasetBatches.Augment aug = parseAugment(augment);
        Templates tpl = Templates.parse(templates);
        Torch.init(threads);
        TrainConfig config;
        Path ckDir = run.resolve(ModelWeights.RUN_CHECKPOINT);
        if (options.resume()) {
            config = options.apply(Checkpoint.read(ckDir).config());
        } else {
            if (Files.exists(ckDir.resolve(Checkpoint.JSON))) {
                throw new UserInputException(run + " already holds a run: use --resume or another --output");
            }
            config = options.apply(TrainConfig.builder().build());
        }
        // before any data or model work: no CUDA, or fp16 on the CPU, is a one-line usage error (exit 2)
        TrainDevice device = TrainDevice.of(options.device(), config.precision());
        Dataset train = DataFiles.load(trainFile, root, labels, skipMissing);
        Dataset val = valFile == null ? null : DataFiles.load(valFile, root, labels, skipMissing);
        // new weights (from scratch, or a fresh fusion head) come from LibTorch's default generator: seed it so
        // that a run is a function of --seed alone
        org.bytedeco.pytorch.global.torch.manual_seed(config.seed());
        try (ClipTrainable m = buildModel(config, ckDir)) {
            ClipGeometry g = m.geometry();
            out.printf(Locale.ROOT, "model: %s, %dx%d px, patch %d, context %d, vocabulary %d, fusion %s%n",
                    model != null ? model : options.resume() ? ckDir : "random " + init, g.imageResolution(),
                    g.imageResolution(), g.visionPatchSize(), g.contextLength(), g.vocabSize(), m.fusion().name());
            out.printf(Locale.ROOT, "data: %d training videos, %d labels%s%n", train.size(), train.numLabels(),
                    val == null ? "" : String.format(Locale.ROOT, "; %d validation videos", val.size()));
            out.printf(Locale.ROOT, "device: %s, precision %s, %d frames per clip, batch %d x %d accumulated%n",
                    device.spec(), device.precision(), config.frames(), config.batchSize(), config.gradAccumulation());
            out.flush();
            // the causal text tower ignores padding after EOT: tokenize only as long as the longest prompt
            int length = checkPrompts(m, train.labelNames(), tpl);
            TokenTable tokens = TokenTable.build(tpl.size(), train.labelNames(),
                    (t, name) -> tpl.apply(name).get(t), text -> m.tokenizer().tokenize(text, length, true));
            try (DatasetBatches batches = DatasetBatches.builder(train).frames(config.frames())
                    .resolution(g.imageResolution()).train(true).augment(aug).flip(flip).workers(workers)
                    .cacheBytes(cacheMb << 20)
                    .log(spec.commandLine().getErr()).build();
                 DatasetBatches valBatches = val == null ? null : DatasetBatches.builder(val).frames(config.frames())
                         .resolution(g.imageResolution()).train(false).workers(workers)
                         .log(spec.commandLine().getErr()).build()) {
                Trainer.Builder tb = Trainer.builder().config(config).model(m).batches(batches).textSide(tokens)
                        .runDir(run).prefetch(true).device(device.spec())
                        .checkpointExtra(m.checkpointExtra(config.frames()));
                if (valBatches != null) {
                    tb.evalHook((tm, epoch) -> evaluate(m, valBatches, tpl, epoch, run, out));
                }
                try (ProgressBar bar = new ProgressBar(0, "step")) {
                    tb.listener(r -> bar.set(r.globalStep(), String.format(Locale.ROOT, "epoch %d loss %.4f lr %.2e",
                            r.epoch(), r.loss(), r.lr())));
                    try (Trainer trainer = tb.build()) {
                        if (options.resume()) {
                            trainer.resume();
                        }
                        bar.setTotal(trainer.totalSteps());
                        bar.set(trainer.globalStep(), options.resume() ? "resuming" : "");
                        long start = System.nanoTime();
                        Trainer.Outcome o = trainer.run();
                        out.printf(Locale.ROOT, "stopped (%s) after %d steps, epoch %d, %.1f s; data wait %s of step "
                                        + "time; %d unreadable samples skipped%s%ncheckpoint: %s%n", o.stopReason(),
                                o.globalStep(), o.epoch(), (System.nanoTime() - start) / 1e9,
                                Double.isNaN(o.dataWaitShare()) ? "n/a"
                                        : String.format(Locale.ROOT, "%.1f%%", 100 * o.dataWaitShare()),
                                batches.skippedTotal(), o.overflowSteps() == 0 ? ""
                                        : "; " + o.overflowSteps() + " fp16 steps skipped (inf/NaN gradients)",
                                o.checkpointDir());
                        out.flush();
                    }
                }
            }
        }
        return Main.EXIT_OK;
    }

    private ClipTrainable buildModel(TrainConfig config, Path ckDir) {
        if (options.resume()) {
            return ClipTrainable.fromWeights(ModelWeights.read(ckDir), ckDir, bundledVocab() ? null : vocab, config.fusionKind(), fusionLayers);
        }
        if (model != null) {
            return ClipTrainable.fromWeights(ModelWeights.read(model), model, bundledVocab() ? null : vocab, config.fusionKind(), fusionLayers);
        }
        ClipTokenizer tok;
        String tokSpec;
        try {
            tok = vocab == null ? ClipTokenizer.bytesOnly()
                    : bundledVocab() ? ClipTokenizer.bundled() : ClipTokenizer.find(null, vocab);
        } catch (IOException e) {
            throw new UserInputException(vocab + ": " + e.getMessage(), e);
        }
        // the bundled vocabulary is recorded as none: loading then finds the bundled copy, wherever the tool lives
        tokSpec = vocab == null ? CheckpointExtras.BYTES : bundledVocab() ? null : vocab.toAbsolutePath().toString();
        ClipGeometry p;
        try {
            p = ClipGeometry.preset(init);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        int res = resolution != null ? resolution : p.imageResolution();
        int pat = patch != null ? patch : p.visionPatchSize();
        int ctx = context != null ? context : p.contextLength();
        int vw = width != null ? width : p.visionWidth();
        int tw = width != null ? width : p.transformerWidth();
        int vh = width != null ? Math.max(1, vw / ClipGeometry.HEAD_WIDTH) : p.visionHeads();
        int th = width != null ? Math.max(1, tw / ClipGeometry.HEAD_WIDTH) : p.transformerHeads();
        ClipGeometry g;
        try {
            g = new ClipGeometry(p.embedDim(), res, layers != null ? layers : p.visionLayers(), vw, pat, vh, ctx,
                    tok.vocabSize(), tw, th, layers != null ? layers : p.transformerLayers(), p.mlpRatio(),
                    p.layerNormEps(), p.quickGelu());
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--init " + init + ": " + e.getMessage(), e);
        }
        ClipTrainable m = ClipTrainable.fromScratch(g, config.fusionKind(), fusionLayers, tok, tokSpec);
        if (logitScale != null) {
            try (org.bytedeco.pytorch.NoGradGuard ng = new org.bytedeco.pytorch.NoGradGuard()) {
                m.logitScale().fill_(new org.bytedeco.pytorch.Scalar(Math.log(logitScale)));
            }
        }
        return m;
    }

    /**
     * Prompts longer than the context would lose their end (often the label itself): refuse them up front.
     * Returns the longest prompt's token count (with SOT and EOT).
     */
    private static int checkPrompts(ClipTrainable m, List<String> names, Templates tpl) {
        int ctx = m.geometry().contextLength();
        int longest = 1;
        for (String name : names) {
            for (String prompt : tpl.apply(name)) {
                int len = m.tokenizer().encode(prompt).length + 2;
                longest = Math.max(longest, len);
                if (len > ctx) {
                    throw new UserInputException("prompt \"" + prompt + "\" has " + len + " tokens, more than the "
                            + "context length " + ctx + " (raise --context when training from scratch, or use "
                            + "shorter --templates)");
                }
            }
        }
        return longest;
    }

    private static Evaluator.Result evaluate(ClipTrainable m, DatasetBatches val, Templates tpl, int epoch, Path run,
                                             PrintWriter out) throws IOException {
        ActionClipModel view = m.inferenceView("training epoch " + epoch);
        VideoEval e = VideoEval.run(view, val, TextBanks.build(view, null, val.dataset().labelNames(), tpl, null));
        m.train(false); // the view's constructor switched to eval mode too; the trainer switches back
        out.printf(Locale.ROOT, "%nepoch %d: val %s%n", epoch, e);
        out.flush();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("epoch", epoch);
        j.putAll(e.result().toJson(e.skipped()));
        Files.writeString(run.resolve("eval.json"), Json.write(j));
        return e.result();
    }

    static DatasetBatches.Augment parseAugment(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "none": return DatasetBatches.Augment.NONE;
            case "crop": return DatasetBatches.Augment.CROP;
            case "full": case "actionclip": return DatasetBatches.Augment.FULL;
            default: throw new UserInputException("--augment " + s + ": expected none, crop or full");
        }
    }

    /** {@code --vocab bundled}: CLIP's vocabulary shipped in the jar (a file of that name would need {@code ./bundled}). */
    private boolean bundledVocab() {
        return vocab != null && vocab.toString().equals("bundled");
    }
}
