package dev.actionclip.train;

import dev.actionclip.torch.Precision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that shapes a training run. Defaults follow ActionCLIP's Kinetics recipe: AdamW (0.9, 0.98), eps 1e-8,
 * weight decay 0.2, CLIP lr 5e-6 and the fusion head at {@code fusionRatio} × that, linear warmup then cosine.
 * Serialised into each checkpoint's JSON so a run can be rebuilt from the checkpoint alone.
 *
 * @param warmupSteps  optimizer steps of linear warmup; when negative, {@code warmupEpochs} × steps per epoch
 * @param gradClipNorm max global L2 norm of the gradients; 0 disables clipping
 * @param maxSteps     stop (with a checkpoint) after this many optimizer steps in total; 0 = no limit
 * @param maxMinutes   stop (with a checkpoint) after this much wall time in this process; 0 = no limit
 * @param textRatio    text tower (and logit scale) learning rate = lr × this
 * @param freezeTextEpochs the text tower (and logit scale) does not move in the first this many epochs: the video
 *                     side first learns against the prompts' initial, distinct embeddings
 * @param freezeImageEpochs the image tower does not move in the first this many epochs
 * @param precision    compute type of the encoders under autocast (weights, optimizer state and the loss stay
 *                     float32); fp16 needs a CUDA device (it is trained with dynamic loss scaling)
 */
public record TrainConfig(
        int epochs, int batchSize, double lr, double fusionRatio, double minLr, double weightDecay,
        double beta1, double beta2, double eps, double warmupEpochs, int warmupSteps, long seed,
        boolean freezeImage, boolean freezeText, double gradClipNorm, int gradAccumulation, Precision precision,
        int evalEveryEpochs, long maxSteps, double maxMinutes, int frames, String fusionKind, Contrast contrast,
        double textRatio, int freezeTextEpochs, int freezeImageEpochs) {

    /** What each video is contrasted with. */
    public enum Contrast {
        /** ActionCLIP: the prompts of the batch's own samples, both directions, several positives per row. */
        BATCH,
        /** X-CLIP style: one prompt per training label every step, cross-entropy over all labels (video to text). */
        LABELS;

        public static Contrast parse(String s) {
            for (Contrast c : values()) {
                if (c.name().equalsIgnoreCase(s.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown contrast '" + s + "'; known: batch, labels");
        }
    }


    public TrainConfig {
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(lr > 0, "lr must be > 0, got " + lr);
        require(fusionRatio > 0, "fusion lr ratio must be > 0, got " + fusionRatio);
        require(minLr >= 0 && minLr <= lr, "min lr must be in [0, lr], got " + minLr);
        require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
        require(eps > 0, "eps must be > 0");
        require(warmupEpochs >= 0, "warmup epochs must be >= 0, got " + warmupEpochs);
        require(gradClipNorm >= 0, "grad clip norm must be >= 0, got " + gradClipNorm);
        require(gradAccumulation >= 1, "grad accumulation steps must be >= 1, got " + gradAccumulation);
        require(evalEveryEpochs >= 0, "eval every N epochs must be >= 0, got " + evalEveryEpochs);
        require(maxSteps >= 0, "max steps must be >= 0, got " + maxSteps);
        require(maxMinutes >= 0, "max minutes must be >= 0, got " + maxMinutes);
        require(frames >= 1, "frames must be >= 1, got " + frames);
        require(fusionKind != null && !fusionKind.isBlank(), "fusion kind is required");
        require(contrast != null, "contrast is required");
        require(precision != null, "precision is required");
        require(textRatio >= 0, "text lr ratio must be >= 0, got " + textRatio);
        require(freezeTextEpochs >= 0, "freeze-text epochs must be >= 0, got " + freezeTextEpochs);
        require(freezeImageEpochs >= 0, "freeze-image epochs must be >= 0, got " + freezeImageEpochs);
    }

    /** Whether the encoders run under bfloat16 autocast (the former {@code --bf16} switch). */
    public boolean bf16() {
        return precision == Precision.BF16;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().epochs(epochs).batchSize(batchSize).lr(lr).fusionRatio(fusionRatio).minLr(minLr)
                .weightDecay(weightDecay).betas(beta1, beta2).eps(eps).warmupEpochs(warmupEpochs)
                .warmupSteps(warmupSteps).seed(seed).freezeImage(freezeImage).freezeText(freezeText)
                .gradClipNorm(gradClipNorm).gradAccumulation(gradAccumulation).precision(precision)
                .evalEveryEpochs(evalEveryEpochs).maxSteps(maxSteps).maxMinutes(maxMinutes).frames(frames)
                .fusionKind(fusionKind).contrast(contrast).textRatio(textRatio).freezeTextEpochs(freezeTextEpochs)
                .freezeImageEpochs(freezeImageEpochs);
    }

    /** Optimizer steps of warmup for an epoch of {@code stepsPerEpoch} steps. */
    public long warmupStepsFor(long stepsPerEpoch) {
        return warmupSteps >= 0 ? warmupSteps : Math.round(warmupEpochs * stepsPerEpoch);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("lr", lr);
        m.put("fusion_ratio", fusionRatio);
        m.put("min_lr", minLr);
        m.put("weight_decay", weightDecay);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("warmup_epochs", warmupEpochs);
        m.put("warmup_steps", warmupSteps);
        m.put("seed", seed);
        m.put("freeze_image", freezeImage);
        m.put("freeze_text", freezeText);
        m.put("grad_clip_norm", gradClipNorm);
        m.put("grad_accumulation", gradAccumulation);
        m.put("precision", precision.toString());
        m.put("eval_every_epochs", evalEveryEpochs);
        m.put("max_steps", maxSteps);
        m.put("max_minutes", maxMinutes);
        m.put("frames", frames);
        m.put("fusion_kind", fusionKind);
        m.put("contrast", contrast.name().toLowerCase(java.util.Locale.ROOT));
        m.put("text_ratio", textRatio);
        m.put("freeze_text_epochs", freezeTextEpochs);
        m.put("freeze_image_epochs", freezeImageEpochs);
        return m;
    }

    /** The inverse of {@link #toJson()}; missing keys keep their defaults. */
    public static TrainConfig fromJson(Map<String, Object> m) {
        Builder b = builder();
        TrainConfig d = b.build();
        return b.epochs(i(m, "epochs", d.epochs)).batchSize(i(m, "batch_size", d.batchSize))
                .lr(n(m, "lr", d.lr)).fusionRatio(n(m, "fusion_ratio", d.fusionRatio)).minLr(n(m, "min_lr", d.minLr))
                .weightDecay(n(m, "weight_decay", d.weightDecay))
                .betas(n(m, "beta1", d.beta1), n(m, "beta2", d.beta2)).eps(n(m, "eps", d.eps))
                .warmupEpochs(n(m, "warmup_epochs", d.warmupEpochs)).warmupSteps(i(m, "warmup_steps", d.warmupSteps))
                .seed(l(m, "seed", d.seed)).freezeImage(z(m, "freeze_image", d.freezeImage))
                .freezeText(z(m, "freeze_text", d.freezeText)).gradClipNorm(n(m, "grad_clip_norm", d.gradClipNorm))
                .gradAccumulation(i(m, "grad_accumulation", d.gradAccumulation)).precision(precision(m, d.precision))
                .evalEveryEpochs(i(m, "eval_every_epochs", d.evalEveryEpochs)).maxSteps(l(m, "max_steps", d.maxSteps))
                .maxMinutes(n(m, "max_minutes", d.maxMinutes)).frames(i(m, "frames", d.frames))
                .fusionKind(m.containsKey("fusion_kind") ? (String) m.get("fusion_kind") : d.fusionKind)
                .contrast(m.containsKey("contrast") ? Contrast.parse((String) m.get("contrast")) : d.contrast)
                .textRatio(n(m, "text_ratio", d.textRatio)).freezeTextEpochs(i(m, "freeze_text_epochs", d.freezeTextEpochs))
                .freezeImageEpochs(i(m, "freeze_image_epochs", d.freezeImageEpochs)).build();
    }

    /** {@code "precision"}, else the boolean {@code "bf16"} that checkpoints written before it hold. */
    private static Precision precision(Map<String, Object> m, Precision d) {
        if (m.get("precision") instanceof String s) {
            return Precision.parse(s);
        }
        return m.containsKey("bf16") ? (z(m, "bf16", false) ? Precision.BF16 : Precision.FLOAT32) : d;
    }

    private static double n(Map<String, Object> m, String k, double d) {
        Object v = m.get(k);
        return v == null ? d : ((Number) v).doubleValue();
    }

    private static long l(Map<String, Object> m, String k, long d) {
        Object v = m.get(k);
        return v == null ? d : ((Number) v).longValue();
    }

    private static int i(Map<String, Object> m, String k, int d) {
        Object v = m.get(k);
        return v == null ? d : Math.toIntExact(((Number) v).longValue());
    }

    private static boolean z(Map<String, Object> m, String k, boolean d) {
        Object v = m.get(k);
        return v == null ? d : (Boolean) v;
    }

    /** Mutable builder with ActionCLIP's defaults. */
    public static final class Builder {
        private int epochs = 50;
        private int batchSize = 32;
        private double lr = 5e-6;
        private double fusionRatio = 10;
        private double minLr = 0;
        private double weightDecay = 0.2;
        private double beta1 = 0.9;
        private double beta2 = 0.98;
        private double eps = 1e-8;
        private double warmupEpochs = 5;
        private int warmupSteps = -1;
        private long seed = 1024;
        private boolean freezeImage;
        private boolean freezeText;
        private double gradClipNorm;
        private int gradAccumulation = 1;
        private Precision precision = Precision.FLOAT32;
        private int evalEveryEpochs = 1;
        private long maxSteps;
        private double maxMinutes;
        private int frames = 8;
        private String fusionKind = "Transf";
        private Contrast contrast = Contrast.BATCH;
        private double textRatio = 1;
        private int freezeTextEpochs;
        private int freezeImageEpochs;

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder fusionRatio(double v) { fusionRatio = v; return this; }
        public Builder minLr(double v) { minLr = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder warmupEpochs(double v) { warmupEpochs = v; return this; }
        /** Warmup in optimizer steps; overrides {@link #warmupEpochs} when >= 0. */
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder freezeImage(boolean v) { freezeImage = v; return this; }
        public Builder freezeText(boolean v) { freezeText = v; return this; }
        public Builder gradClipNorm(double v) { gradClipNorm = v; return this; }
        public Builder gradAccumulation(int v) { gradAccumulation = v; return this; }
        public Builder precision(Precision v) { precision = v; return this; }
        /** {@code precision(BF16)} when true, else float32. */
        public Builder bf16(boolean v) { precision = v ? Precision.BF16 : Precision.FLOAT32; return this; }
        public Builder evalEveryEpochs(int v) { evalEveryEpochs = v; return this; }
        public Builder maxSteps(long v) { maxSteps = v; return this; }
        public Builder maxMinutes(double v) { maxMinutes = v; return this; }
        public Builder frames(int v) { frames = v; return this; }
        public Builder fusionKind(String v) { fusionKind = v; return this; }
        public Builder contrast(Contrast v) { contrast = v; return this; }
        public Builder textRatio(double v) { textRatio = v; return this; }
        public Builder freezeTextEpochs(int v) { freezeTextEpochs = v; return this; }
        public Builder freezeImageEpochs(int v) { freezeImageEpochs = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, lr, fusionRatio, minLr, weightDecay, beta1, beta2, eps,
                    warmupEpochs, warmupSteps, seed, freezeImage, freezeText, gradClipNorm, gradAccumulation, precision,
                    evalEveryEpochs, maxSteps, maxMinutes, frames, fusionKind, contrast, textRatio, freezeTextEpochs,
                    freezeImageEpochs);
        }
    }
}
