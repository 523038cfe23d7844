package dev.actionclip.cli;

import dev.actionclip.train.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Command-line flags for a training command ({@code @Mixin TrainOptions train;}). Every flag is optional and
 * overrides the base config only when given, so {@code --resume} keeps the checkpoint's config except for the flags
 * on the command line (typically {@code --max-steps} / {@code --max-minutes}).
 */
public final class TrainOptions {
    @Option(names = "--epochs", description = "Epochs (default 50).")
    Integer epochs;
    @Option(names = "--batch-size", description = "Samples per batch (default 32).")
    Integer batchSize;
    @Option(names = "--lr", description = "CLIP learning rate (default 5e-6).")
    Double lr;
    @Option(names = "--fusion-ratio", description = "Fusion-head learning rate = lr x this (default 10).")
    Double fusionRatio;
    @Option(names = "--min-lr", description = "Learning rate at the end of the cosine (default 0).")
    Double minLr;
    @Option(names = "--weight-decay", description = "AdamW weight decay (default 0.2).")
    Double weightDecay;
    @Option(names = "--warmup-epochs", description = "Linear warmup in epochs (default 5).")
    Double warmupEpochs;
    @Option(names = "--warmup-steps", description = "Linear warmup in optimizer steps (overrides --warmup-epochs).")
    Integer warmupSteps;
    @Option(names = "--seed", description = "Seed of data order, templates, augmentation and dropout (default 1024).")
    Long seed;
    @Option(names = "--freeze-image", description = "Do not train the image tower.")
    Boolean freezeImage;
    @Option(names = "--freeze-text", description = "Do not train the text tower (nor logit_scale).")
    Boolean freezeText;
    @Option(names = "--grad-clip", description = "Clip the global gradient norm to this (default 0 = off).")
    Double gradClip;
    @Option(names = "--grad-accumulation", description = "Batches per optimizer step (default 1).")
    Integer gradAccumulation;
    @Option(names = "--bf16", description = "bfloat16 autocast for the encoders on CPU.")
    Boolean bf16;
    @Option(names = "--eval-every", description = "Evaluate every N epochs (default 1, 0 = never).")
    Integer evalEvery;
    @Option(names = "--max-steps", description = "Stop after this many optimizer steps in total, with a checkpoint.")
    Long maxSteps;
    @Option(names = "--max-minutes", description = "Stop after this many minutes, with a checkpoint.")
    Double maxMinutes;
    @Option(names = "--frames", description = "Frames per video (default 8).")
    Integer frames;
    @Option(names = "--fusion", description = "Fusion head: meanP, Conv_1D, LSTM, Transf, Transf_cls (default Transf).")
    String fusion;
    @Option(names = "--contrast", paramLabel = "batch|labels", description = "What each video is contrasted with: "
            + "batch (ActionCLIP: the batch's own prompts, both directions) or labels (every training label's prompt "
            + "each step, cross-entropy, as X-CLIP trains; stronger signal on small label sets) (default batch).")
    String contrast;
    @Option(names = "--resume", description = "Continue the run in --output from its checkpoint.")
    boolean resume;
    @Option(names = {"-o", "--output"}, description = "Run folder: metrics CSVs and checkpoint/.")
    Path output;

    public boolean resume() {
        return resume;
    }

    public Path output() {
        return output;
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
        if (gradClip != null) b.gradClipNorm(gradClip);
        if (gradAccumulation != null) b.gradAccumulation(gradAccumulation);
        if (bf16 != null) b.bf16(bf16);
        if (evalEvery != null) b.evalEveryEpochs(evalEvery);
        if (maxSteps != null) b.maxSteps(maxSteps);
        if (maxMinutes != null) b.maxMinutes(maxMinutes);
        if (frames != null) b.frames(frames);
        if (fusion != null) b.fusionKind(fusion);
        if (contrast != null) b.contrast(TrainConfig.Contrast.parse(contrast));
        return b.build();
    }
}
