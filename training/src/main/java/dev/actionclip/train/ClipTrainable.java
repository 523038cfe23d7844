package dev.actionclip.train;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.formats.TensorData;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.temporal.FusionHead;
import dev.actionclip.temporal.FusionHeads;
import dev.actionclip.torch.Tensors;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.CheckpointExtras;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * ActionCLIP as the trainer sees it: a {@link ClipModel} plus a {@link FusionHead}. State-dict names are OpenAI's
 * for CLIP and {@code fusion.<name>} for the head, exactly what {@link ModelWeights} reads back from a trained
 * checkpoint; {@link #checkpointExtra()} holds what the weights cannot tell (tokenizer, head counts).
 */
public final class ClipTrainable implements TrainableModel, AutoCloseable {
    /** ActionCLIP's Transf / Transf_cls depth. */
    public static final int DEFAULT_FUSION_LAYERS = 6;

    private final ClipModel clip;
    private final FusionHead fusion;
    private final ClipTokenizer tokenizer;
    private final String tokenizerSpec;
    private final int fusionHeads;
    private final Map<String, Tensor> image = new LinkedHashMap<>();
    private final Map<String, Tensor> text = new LinkedHashMap<>();
    private final Map<String, Tensor> all = new LinkedHashMap<>();
    private final Tensor logitScale;

    /**
     * @param tokenizerSpec "bytes" or a vocabulary path to record in checkpoints (null: found again next to the model)
     * @param fusionHeads   attention heads of the fusion head (0 for heads without attention)
     */
    public ClipTrainable(ClipModel clip, FusionHead fusion, ClipTokenizer tokenizer, String tokenizerSpec,
                         int fusionHeads) {
        this.clip = clip;
        this.fusion = fusion;
        this.tokenizer = tokenizer;
        this.tokenizerSpec = tokenizerSpec;
        this.fusionHeads = fusionHeads;
        Tensor scale = null;
        StringTensorDict params = clip.named_parameters(true);
        for (long i = 0; i < params.size(); i++) {
            String name = params.get(i).key().getString();
            // value() points into the dict's item, which the GC may free: keep an owning handle
            Tensor p = new Tensor(params.get(i).value());
            all.put(name, p);
            if (name.startsWith("visual.")) {
                image.put(name, p);
            } else {
                text.put(name, p);
                if (name.equals("logit_scale")) {
                    scale = p;
                }
            }
        }
        if (scale == null) {
            throw new IllegalArgumentException("CLIP model has no logit_scale parameter");
        }
        this.logitScale = scale;
    }

    /** A randomly initialised model (ActionCLIP's head initialisation) for training from scratch. */
    public static ClipTrainable fromScratch(ClipGeometry g, String fusionKind, int fusionLayers, ClipTokenizer tok,
                                            String tokenizerSpec) {
        if (tok.vocabSize() != g.vocabSize()) {
            throw new IllegalArgumentException("tokenizer " + tok.description() + " has " + tok.vocabSize()
                    + " tokens but the geometry's vocabulary is " + g.vocabSize());
        }
        ClipModel clip = new ClipModel(g);
        String kind = FusionHeads.kind(fusionKind);
        int heads = FusionHeads.defaultHeads(kind, g.transformerWidth());
        FusionHead head = FusionHeads.create(kind, g.embedDim(), heads, fusionLayers, g.contextLength());
        return new ClipTrainable(clip, head, tok, tokenizerSpec, heads);
    }

    /**
     * Fine-tuning start: CLIP from the checkpoint; the checkpoint's fusion head when it is of {@code fusionKind},
     * else a freshly initialised one.
     */
    public static ClipTrainable fromWeights(ModelWeights w, Path modelPath, Path vocab, String fusionKind,
                                            int fusionLayers) {
        ClipTokenizer tok = ModelLoader.tokenizer(w, modelPath, vocab);
        String spec = tokenizerSpec(tok, w, vocab);
        String kind = FusionHeads.kind(fusionKind);
        ClipModel clip = ClipModel.fromStateDict(w.clip(), w.geometry(), modelPath);
        FusionHead head;
        int heads = w.extras().fusionHeadsOr(FusionHeads.defaultHeads(kind, w.geometry().transformerWidth()));
        if (kind.equals(w.fusionKind()) && !w.fusion().isEmpty()) {
            head = FusionHeads.fromStateDict(kind, w.fusion(), heads);
        } else {
            head = FusionHeads.create(kind, w.geometry().embedDim(), heads, fusionLayers,
                    w.geometry().contextLength());
        }
        return new ClipTrainable(clip, head, tok, spec, heads);
    }

    private static String tokenizerSpec(ClipTokenizer tok, ModelWeights w, Path vocab) {
        if (vocab != null) {
            return vocab.toAbsolutePath().toString();
        }
        if (w.extras().bytesTokenizer()) {
            return CheckpointExtras.BYTES;
        }
        Path p = Path.of(tok.description());
        return java.nio.file.Files.exists(p) ? p.toAbsolutePath().toString() : null;
    }

    public ClipModel clip() {
        return clip;
    }

    public FusionHead fusion() {
        return fusion;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public ClipGeometry geometry() {
        return clip.geometry();
    }

    /** What {@link ModelWeights}/{@link ModelLoader} need besides the tensors, for the checkpoint's {@code extra}. */
    public Map<String, Object> checkpointExtra() {
        return new CheckpointExtras(tokenizerSpec, fusionHeads, clip.geometry().visionHeads(),
                clip.geometry().transformerHeads()).toMap();
    }

    /**
     * {@link #checkpointExtra()} plus how the training clips are made ({@code frames} per clip, TSN sampling, this
     * model's input size), which inference then uses as its defaults.
     */
    public Map<String, Object> checkpointExtra(int frames) {
        return new CheckpointExtras(tokenizerSpec, fusionHeads, clip.geometry().visionHeads(),
                clip.geometry().transformerHeads()).withTraining(frames, clip.geometry().imageResolution(),
                CheckpointExtras.TSN).toMap();
    }

    /** An inference view sharing these weights (do not close it separately from this model while training). */
    public ActionClipModel inferenceView(String description) {
        return new ActionClipModel(clip, fusion, tokenizer, description);
    }

    @Override
    public Map<String, Tensor> imageParameters() {
        return image;
    }

    @Override
    public Map<String, Tensor> textParameters() {
        return text;
    }

    @Override
    public Map<String, Tensor> fusionParameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : fusion.parameters().entrySet()) {
            m.put(ModelWeights.FUSION_PREFIX + e.getKey(), e.getValue()); // state-dict names, distinct from CLIP's
        }
        return m;
    }

    @Override
    public Tensor encodeVideo(Tensor videos) {
        long[] s = Tensors.shape(videos);
        int r = clip.geometry().imageResolution();
        if (s.length != 5 || s[2] != 3 || s[3] != r || s[4] != r) {
            throw new IllegalArgumentException("expected videos [B, T, 3, " + r + ", " + r + "], got " + Arrays.toString(s));
        }
        Tensor frames = clip.encodeImage(videos.reshape(s[0] * s[1], 3, r, r));
        return fusion.forward(frames.reshape(s[0], s[1], -1));
    }

    @Override
    public Tensor encodeText(Tensor tokenIds) {
        return clip.encodeText(tokenIds);
    }

    @Override
    public Tensor logitScale() {
        return logitScale;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>(all);
        m.putAll(fusionParameters());
        return m;
    }

    @Override
    public void loadStateDict(Map<String, TensorData> weights) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            TensorData d = weights.get(e.getKey());
            if (d == null) {
                problems.add("missing " + e.getKey());
            } else if (!Arrays.equals(d.shape(), Tensors.shape(e.getValue()))) {
                problems.add(e.getKey() + " has " + Arrays.toString(d.shape()) + ", expected "
                        + Arrays.toString(Tensors.shape(e.getValue())));
            }
        }
        for (String k : weights.keySet()) {
            if (!own.containsKey(k)) {
                problems.add("unexpected " + k);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("checkpoint weights do not fit the model: " + String.join("; ", problems));
        }
        try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                e.getValue().copy_(Tensors.fromData(weights.get(e.getKey())));
            }
        }
    }

    @Override
    public void moveTo(org.bytedeco.pytorch.Device device) {
        clip.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        fusion.module().to(device, false);
    }

    @Override
    public void train(boolean on) {
        clip.train(on);
        fusion.module().train(on);
    }

    @Override
    public void close() {
        fusion.close();
        clip.close();
    }
}
