package dev.actionclip.api;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.CheckpointExtras;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.LabelSet;
import dev.actionclip.prompts.Templates;
import dev.actionclip.video.Clip;
import dev.actionclip.video.RgbImage;
import dev.actionclip.video.VideoFrames;
import dev.actionclip.video.VideoLimits;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.preprocess.FrameTensor;
import dev.actionclip.video.preprocess.Preprocessor;
import dev.actionclip.video.sampling.SamplingSpec;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.TextEmbeddingCache;
import dev.actionclip.zeroshot.Vectors;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Zero-shot action recognition over your own labels, in the style of DJL's {@code Criteria}:
 * <pre>{@code
 * try (ActionRecognizer r = ActionRecognizer.builder()
 *         .model(Path.of("ViT-B-32.pt")).labels(List.of("riding a bike", "playing guitar"))
 *         .frames(8).threads(4).build()) {
 *     Prediction p = r.classify(Path.of("clip.mp4"));
 *     System.out.println(p.best() + " " + p.top(3));
 * }
 * }</pre>
 * Thread-safe: decoding runs on the caller's thread, model calls are serialised inside the model, so one
 * instance can serve many request threads.
 */
public final class ActionRecognizer implements AutoCloseable {
    private final ActionClipModel model;
    private final TextBank bank;
    private final ZeroShotScorer scorer;
    private final SamplingSpec sampling;
    private final Preprocessor preprocessor;
    private final VideoLimits limits;
    private final int frames;
    private final boolean ownsModel;

    private ActionRecognizer(Builder b) {
        ModelOptions opts = b.options;
        this.ownsModel = b.loaded == null;
        this.model = ownsModel ? ModelLoader.load(b.model, opts) : b.loaded;
        try {
            this.bank = b.bank != null ? b.bank : TextBanks.build(model, b.model, b.labels, b.templates,
                    b.cache ? TextEmbeddingCache.defaultCache() : null);
        } catch (RuntimeException e) {
            if (ownsModel) {
                model.close();
            }
            throw e;
        }
        this.scorer = new ZeroShotScorer(bank);
        // a checkpoint trained here records its clips' frame count; 8 is ActionCLIP's default elsewhere
        int t = b.frames != null ? b.frames : CheckpointExtras.forModel(b.model).trainedFrames().orElse(8);
        this.frames = t;
        this.limits = b.limits;
        this.sampling = SamplingSpec.tsn(t).test().views(b.views).build();
        int r = model.resolution();
        // ActionCLIP's test resize is 256/224 of the crop; CLIP's is the crop itself
        this.preprocessor = ClipPreprocessor.builder().resize(b.actionClipCrop ? r * 256 / 224 : r).crop(r)
                .threeCrop(b.crops == 3).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> labels() {
        return bank.labels();
    }

    public ActionClipModel model() {
        return model;
    }

    /** Frames per clip (T). */
    public int frames() {
        return frames;
    }

    /** Decodes and preprocesses a video's views; safe to call from many threads (decode workers). */
    public List<Clip> sample(Path video) {
        return VideoFrames.sampleViews(video, sampling, preprocessor, limits);
    }

    /** Decodes, embeds and scores one video file (T frames per view, the views averaged). */
    public Prediction classify(Path video) {
        return classifyClips(List.of(sample(video))).get(0);
    }

    /** Scores frames the caller already has (any count ≥ 1; used as one clip, in order). */
    public Prediction classifyImages(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no frames to classify");
        }
        FrameTensor t = preprocessor.apply(images);
        return new Prediction(labels(), scorer.score(embed(t.data(), t.crops(), t.frames())));
    }

    /**
     * Scores preprocessed frames: {@code views} clips of {@code t} frames [3, R, R] each, row-major, normalised
     * with CLIP's mean and std. The views are averaged as ActionCLIP's multi-view test does.
     */
    public Prediction classifyPreprocessed(float[] data, int views, int t) {
        return new Prediction(labels(), scorer.score(embed(data, views, t)));
    }

    /** Scores several decoded videos with one forward pass (the {@code label} command's batches). */
    public List<Prediction> classifyClips(List<List<Clip>> videos) {
        List<float[]> parts = new ArrayList<>();
        List<Integer> viewsPerVideo = new ArrayList<>();
        int t = -1;
        int total = 0;
        for (List<Clip> views : videos) {
            int n = 0;
            for (Clip c : views) {
                if (t >= 0 && c.frames() != t) {
                    throw new IllegalArgumentException("clips of one batch must have the same frame count");
                }
                t = c.frames();
                parts.add(c.data());
                n += c.crops();
                total += c.data().length;
            }
            viewsPerVideo.add(n);
        }
        float[] all = new float[total];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        int clips = viewsPerVideo.stream().mapToInt(Integer::intValue).sum();
        float[] emb = model.embedVideos(all, clips, t);
        int dim = model.embedDim();
        List<Prediction> out = new ArrayList<>();
        int row = 0;
        for (int n : viewsPerVideo) {
            float[] v = new float[n * dim];
            System.arraycopy(emb, row * dim, v, 0, v.length);
            row += n;
            out.add(new Prediction(labels(), scorer.score(v)));
        }
        return out;
    }

    /** A video's L2-normalised fused embedding (views averaged), for retrieval against {@link #embedText}. */
    public float[] embedVideo(Path video) {
        return embedClips(sample(video));
    }

    /** {@link #embedVideo} of views already decoded with {@link #sample}. */
    public float[] embedClips(List<Clip> views) {
        int dim = model.embedDim();
        float[] mean = new float[dim];
        for (Clip c : views) {
            float[] e = embed(c.data(), c.crops(), c.frames());
            for (int i = 0; i < e.length; i++) {
                mean[i % dim] += e[i];
            }
        }
        return unit(mean);
    }

    /** A text's L2-normalised embedding (no template applied). */
    public float[] embedText(String text) {
        return unit(model.embedTexts(List.of(text), true));
    }

    private float[] embed(float[] data, int views, int t) {
        return model.embedVideos(data, views, t);
    }

    private static float[] unit(float[] v) {
        float[] r = v.clone();
        Vectors.normaliseRows(r, r.length);
        return r;
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }

    /** Settings for {@link ActionRecognizer}; only the model and the labels are required. */
    public static final class Builder {
        private Path model;
        private ActionClipModel loaded;
        private ModelOptions options = ModelOptions.defaults();
        private List<String> labels;
        private TextBank bank;
        private Templates templates = Templates.actionClip();
        private Integer frames;
        private int views = 1;
        private int crops = 1;
        private boolean cache = true;
        private boolean actionClipCrop;
        private VideoLimits limits = VideoLimits.DEFAULT;

        /** Any checkpoint: OpenAI .pt, torch.save state dict, ActionCLIP checkpoint, HF folder, trained folder. */
        public Builder model(Path p) {
            this.model = p;
            return this;
        }

        /**
         * A model already in memory, shared with other recognisers (e.g. one per label set); the recogniser does
         * not close it. Text embeddings are then not cached on disk unless {@link #model(Path)} names its file.
         */
        public Builder model(ActionClipModel m) {
            this.loaded = m;
            return this;
        }

        /** BPE vocabulary (default: $ACTIONCLIP_VOCAB, else beside the model, else the bundled CLIP vocabulary). */
        public Builder vocab(Path p) {
            this.options = options.withVocab(p);
            return this;
        }

        /** Fusion head (meanP, Conv_1D, LSTM, Transf, Transf_cls); default: the checkpoint's own, else meanP. */
        public Builder fusion(String kind) {
            this.options = options.withFusion(kind);
            return this;
        }

        public Builder labels(List<String> names) {
            this.labels = List.copyOf(names);
            return this;
        }

        /**
         * Label embeddings computed elsewhere (e.g. once on a Spark driver and broadcast): replaces
         * {@link #labels}/{@link #templates}; the bank must come from the same model.
         */
        public Builder textBank(TextBank precomputed) {
            this.bank = Objects.requireNonNull(precomputed);
            this.labels = precomputed.labels();
            return this;
        }

        public Builder labels(LabelSet set) {
            return labels(set.names());
        }

        /** Prompt templates; default ActionCLIP's 16. */
        public Builder templates(Templates t) {
            this.templates = Objects.requireNonNull(t);
            return this;
        }

        /** Frames per clip, T (default: the frames the checkpoint was trained with, else 8). */
        public Builder frames(int t) {
            this.frames = t;
            return this;
        }

        /** Temporal views per video, averaged (default 1). */
        public Builder views(int n) {
            this.views = n;
            return this;
        }

        /** "cpu", "cuda", "cuda:1" and "float32", "bf16", "fp16"; bad text is refused here. */
        /**
         * Spatial views: 1 (a centre crop) or 3 (start, centre and end of the long side, as mmaction2's ThreeCrop).
         * Combined with {@link #views}: every temporal view is cut three times, and the label probabilities are
         * averaged over all views × crops clips.
         */
        public Builder crops(int n) {
            if (n != 1 && n != 3) {
                throw new IllegalArgumentException("crops must be 1 or 3, got " + n);
            }
            this.crops = n;
            return this;
        }

        public Builder device(String device, String dtype) {
            return device(DeviceSpec.parse(device), Precision.parse(dtype));
        }

        public Builder device(DeviceSpec device, Precision precision) {
            this.options = options.withDevice(device, precision);
            return this;
        }

        /** Every loading setting at once (fusion, vocabulary, device, precision, threads). */
        public Builder options(ModelOptions o) {
            this.options = Objects.requireNonNull(o);
            return this;
        }

        /** LibTorch intra-op threads (0: $ACTIONCLIP_THREADS or all cores). */
        public Builder threads(int n) {
            this.options = options.withThreads(n);
            return this;
        }

        /** Keep text embeddings in the on-disk cache (default on). */
        public Builder cache(boolean on) {
            this.cache = on;
            return this;
        }

        /** ActionCLIP's test crop (short side 256/224 × R, centre R) instead of CLIP's (short side R). */
        public Builder actionClipCrop(boolean on) {
            this.actionClipCrop = on;
            return this;
        }

        /** Picture size and decode time caps per video (default {@link VideoLimits#DEFAULT}). */
        public Builder limits(VideoLimits l) {
            this.limits = Objects.requireNonNull(l);
            return this;
        }

        public ActionRecognizer build() {
            if (model == null && loaded == null) {
                throw new IllegalArgumentException("a model path is required");
            }
            if (labels == null || labels.isEmpty()) {
                throw new IllegalArgumentException("at least one label is required");
            }
            if (frames != null && frames < 1 || views < 1) {
                throw new IllegalArgumentException("frames and views must be >= 1");
            }
            return new ActionRecognizer(this);
        }
    }
}
