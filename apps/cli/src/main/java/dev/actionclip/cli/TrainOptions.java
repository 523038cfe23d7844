package dev.actionclip.cli;

import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import dev.actionclip.train.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Command-line flags for a training command ({@code @Mixin TrainOptions train;}). Every flag is optional and
 * overrides the base config only when given, so {@code --resume} keeps the checkpoint's config except for the flags
 * on the command line (typically {@code --max-steps} / {@code --max-minutes}).
 */
public final class TrainOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 50).")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "N", description = "Videos per batch (default 32).")
    Integer batchSize;
    @Option(names = "--lr", paramLabel = "LR", description = "CLIP learning rate, peak of the schedule (default 5e-6).")
    Double lr;
    @Option(names = "--fusion-ratio", paramLabel = "X", description = "Fusion-head learning rate = lr x this (default 10).")
    Double fusionRatio;
    @Option(names = "--min-lr", paramLabel = "LR", description = "Learning rate at the end of the cosine (default 0).")
    Double minLr;
    @Option(names = "--weight-decay", paramLabel = "WD", description = "AdamW weight decay (default 0.2).")
    Double weightDecay;
    @Option(names = "--warmup-epochs", paramLabel = "EPOCHS", description = "Linear warmup in epochs (default 5).")
    Double warmupEpochs;
    @Option(names = "--warmup-steps", paramLabel = "STEPS",
            description = "Linear warmup in optimizer steps, overrides --warmup-epochs (default: from --warmup-epochs).")
    Integer warmupSteps;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of data order, templates, augmentation and dropout (default 1024).")
    Long seed;
    @Option(names = "--freeze-image", description = "Do not train the image tower (default: off, trained).")
    Boolean freezeImage;
    @Option(names = "--freeze-text", description = "Do not train the text tower (nor logit_scale) (default: off, trained).")
    Boolean freezeText;
    @Option(names = "--text-ratio", paramLabel = "X",
            description = "Text-tower (and logit_scale) learning rate = lr x this (default 1).")
    Double textRatio;
    @Option(names = "--freeze-text-epochs", paramLabel = "N", description = "Keep the text tower (and logit_scale) "
            + "fixed for the first N epochs, then train it: the videos first learn against the prompts' initial, "
            + "distinct embeddings (default 0).")
    Integer freezeTextEpochs;
    @Option(names = "--freeze-image-epochs", paramLabel = "N",
            description = "Keep the image tower fixed for the first N epochs, then train it (default 0).")
    Integer freezeImageEpochs;
    @Option(names = "--grad-clip", paramLabel = "NORM", description = "Clip the global gradient norm to this (default 0 = off).")
    Double gradClip;
    @Option(names = "--grad-accumulation", paramLabel = "N", description = "Batches per optimizer step (default 1).")
    Integer gradAccumulation;
    @Option(names = "--device", paramLabel = "cpu|cuda|cuda:N", converter = ModelMixin.DeviceConverter.class,
            description = "Where every tensor of a training step lives: frames, tokens, weights, optimizer state, "
                    + "loss (default cpu; not recorded: a resumed run may change it).")
    DeviceSpec device;
    @Option(names = "--precision", paramLabel = "fp32|bf16|fp16", converter = ModelMixin.PrecisionConverter.class,
            description = "Compute type of the encoders under autocast; weights, optimizer and loss stay float32. "
                    + "fp16 only with --device cuda (with dynamic loss scaling) (default fp32).")
    Precision precision;
    /** The switch of earlier versions; same as {@code --precision bf16}. */
    @Option(names = "--bf16", hidden = true, description = "Same as --precision bf16.")
    Boolean bf16;
    @Option(names = "--eval-every", paramLabel = "N", description = "Evaluate every N epochs (default 1, 0 = never).")
    Integer evalEvery;
    @Option(names = "--max-steps", paramLabel = "STEPS",
            description = "Stop after this many optimizer steps in total, with a checkpoint (default 0 = no limit).")
    Long maxSteps;
    @Option(names = "--max-minutes", paramLabel = "MINUTES",
            description = "Stop after this many minutes of this process, with a checkpoint (default 0 = no limit).")
    Double maxMinutes;
    @Option(names = "--frames", paramLabel = "T", description = "Frames per video (default 8).")
    Integer frames;
    @Option(names = "--fusion", paramLabel = "KIND", description = "Fusion head: meanP, Conv_1D, LSTM, Transf, Transf_cls (default Transf).")
    String fusion;
    @Option(names = "--contrast", paramLabel = "batch|labels", description = "What each video is contrasted with: "
            + "batch (ActionCLIP: the batch's own prompts, both directions) or labels (every training label's prompt "
            + "each step, cross-entropy, as X-CLIP trains; stronger signal on small label sets) (default batch).")
    String contrast;
    @Option(names = "--resume", description = "Continue the run in --output from its checkpoint (default: off, a new run).")
    boolean resume;
    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Run folder: metrics CSVs and checkpoint/ (required; no default).")
    Path output;

    public boolean resume() {
        return resume;
    }

    public Path output() {
        return output;
    }

    /** {@code --device}, else the CPU. */
    public DeviceSpec device() {
        return device != null ? device : DeviceSpec.CPU;
    }

    /** {@code base} with the given flags applied. */
    public TrainConfig apply(TrainConfig base) {
        TrainConfig.Builder b = base.toBuilder();
        if (epochs != null) b.epochs(epochs);
        if (batchSize != null) b.batchSize(batchSize);
        if (lr != null) b.lr(lr);
        if (fusionRatio != null) b.fusionRatio(fusionRatio);
        if (minLr != null) b.minLr(minLr);
        if (weightDecay != null) b.weightDecay(weightDecay);
        if (warmupEpochs != null) b.warmupEpochs(warmupEpochs);
        if (warmupSteps != null) b.warmupSteps(warmupSteps);
        if (seed != null) b.seed(seed);
        if (freezeImage != null) b.freezeImage(freezeImage);
        if (freezeText != null) b.freezeText(freezeText);
        if (textRatio != null) b.textRatio(textRatio);
        if (freezeTextEpochs != null) b.freezeTextEpochs(freezeTextEpochs);
        if (freezeImageEpochs != null) b.freezeImageEpochs(freezeImageEpochs);
        if (gradClip != null) b.gradClipNorm(gradClip);
        if (gradAccumulation != null) b.gradAccumulation(gradAccumulation);
        if (bf16 != null && precision != null && bf16 != (precision == Precision.BF16)) {
            throw new UserInputException("--bf16 is --precision bf16: drop one of --bf16 and --precision "
                    + precision);
        }
        if (bf16 != null) b.bf16(bf16);
        if (precision != null) b.precision(precision);
        if (evalEvery != null) b.evalEveryEpochs(evalEvery);
        if (maxSteps != null) b.maxSteps(maxSteps);
        if (maxMinutes != null) b.maxMinutes(maxMinutes);
        if (frames != null) b.frames(frames);
        if (fusion != null) b.fusionKind(fusion);
        if (contrast != null) b.contrast(TrainConfig.Contrast.parse(contrast));
        return b.build();
    }
}
