package dev.actionclip.model;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.temporal.FusionHead;
import dev.actionclip.torch.Tensors;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;

/**
 * ActionCLIP for inference: CLIP's towers, a temporal fusion head and the tokenizer that goes with the text
 * tower. A video's feature is {@code fusion(encode_image(frames))}; a text's is {@code encode_text(tokens)}.
 *
 * <p>Thread safety: calls are serialised on this object (LibTorch uses its own intra-op threads inside each
 * call), so one instance can be shared by a service's request threads.
 */
public final class ActionClipModel implements AutoCloseable {
    /** Texts per forward pass of the text tower: bounds memory for label sets of any size. */
    private static final int TEXT_CHUNK = 256;

    private final ClipModel clip;
    private final FusionHead fusion;
    private final java.util.function.Supplier<ClipTokenizer> tokenizer;
    private final String description;

    public ActionClipModel(ClipModel clip, FusionHead fusion, ClipTokenizer tokenizer, String description) {
        this(clip, fusion, () -> tokenizer, description);
    }

    /** The tokenizer is found on first use: image-only work needs no vocabulary. */
    public ActionClipModel(ClipModel clip, FusionHead fusion, java.util.function.Supplier<ClipTokenizer> tokenizer,
                           String description) {
        this.clip = clip;
        this.fusion = fusion;
        this.tokenizer = com.google.common.base.Suppliers.memoize(tokenizer::get);
        this.description = description;
        clip.eval();
        fusion.module().eval();
    }

    public ClipModel clip() {
        return clip;
    }

    public FusionHead fusion() {
        return fusion;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer.get();
    }

    public ClipGeometry geometry() {
        return clip.geometry();
    }

    /** Input side length in pixels the image tower expects. */
    public int resolution() {
        return clip.geometry().imageResolution();
    }

    public int embedDim() {
        return clip.geometry().embedDim();
    }

    /** Where the weights came from and what fusion runs, for logs. */
    public String description() {
        return description;
    }

    /**
     * Fused video features (autograd-free): {@code frames} [B, T, 3, R, R] → [B, E], projected, not normalised.
     * The result is a new tensor owned by the caller.
     */
    public synchronized Tensor encodeVideo(Tensor frames) {
        long[] s = Tensors.shape(frames);
        int r = resolution();
        if (s.length != 5 || s[2] != 3 || s[3] != r || s[4] != r) {
            throw new IllegalArgumentException("expected frames [B, T, 3, " + r + ", " + r + "], got "
                    + java.util.Arrays.toString(s));
        }
        if (s[1] > fusion.maxFrames()) {
            throw new IllegalArgumentException(s[1] + " frames per clip, but the " + fusion.name() + " head takes at most "
                    + fusion.maxFrames());
        }
        try (InferenceMode g = new InferenceMode(); PointerScope scope = new PointerScope()) {
            Tensor perFrame = clip.encodeImage(frames.reshape(s[0] * s[1], 3, r, r));
            Tensor fused = fusion.forward(perFrame.reshape(s[0], s[1], -1));
            scope.detach(fused.retainReference());
            return fused;
        }
    }

    /**
     * Fused video features from row-major floats: {@code frames} holds {@code clips} clips of {@code t} frames,
     * each [3, R, R]. Returns [clips × E].
     */
    public float[] embedVideos(float[] frames, int clips, int t) {
        int r = resolution();
        long expected = (long) clips * t * 3 * r * r;
        if (frames.length != expected) {
            throw new IllegalArgumentException(frames.length + " values for " + clips + " clips of " + t + " frames at "
                    + r + "x" + r + " (expected " + expected + ")");
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.of(frames, clips, t, 3, r, r);
            return Tensors.toFloatArray(encodeVideo(x));
        }
    }

    /** Projected image features [n × E] of {@code n} preprocessed images [3, R, R]. */
    public synchronized float[] embedImages(float[] images, int n) {
        int r = resolution();
        try (InferenceMode g = new InferenceMode(); PointerScope scope = new PointerScope()) {
            return Tensors.toFloatArray(clip.encodeImage(Tensors.of(images, n, 3, r, r)));
        }
    }

    /**
     * Projected text features [texts × E]. Over-long texts are truncated as CLIP's {@code truncate=True} does
     * (EOT kept last) when {@code truncate}, else they are an error naming the text.
     */
    public synchronized float[] embedTexts(List<String> texts, boolean truncate) {
        int dim = embedDim();
        float[] out = new float[texts.size() * dim];
        int context = clip.geometry().contextLength();
        for (int from = 0; from < texts.size(); from += TEXT_CHUNK) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + TEXT_CHUNK));
            long[][] ids = tokenizer.get().tokenize(part, context, truncate);
            // CLIP's text mask is causal: tokens after EOT never reach the EOT feature, so the batch only needs
            // to be as long as its longest prompt (typically 10-20 of 77 tokens: several times less work)
            int len = 1;
            for (long[] row : ids) {
                len = Math.max(len, eotPosition(row) + 1);
            }
            long[] flat = new long[part.size() * len];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(ids[i], 0, flat, i * len, len);
            }
            try (InferenceMode g = new InferenceMode(); PointerScope scope = new PointerScope()) {
                float[] f = Tensors.toFloatArray(clip.encodeText(Tensors.of(flat, part.size(), len)));
                System.arraycopy(f, 0, out, from * dim, f.length);
            }
        }
        return out;
    }

    /** Index of the largest id (EOT in CLIP's vocabulary), the position encode_text reads. */
    private static int eotPosition(long[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public synchronized void close() {
        fusion.close();
        clip.close();
    }
}
