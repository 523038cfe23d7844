package dev.actionclip.clip;

import dev.actionclip.formats.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * CLIP (ViT image tower + causal text transformer) with OpenAI's parameter names, so {@code named_parameters()}
 * equals the keys of OpenAI's state dicts. Build it outside any {@link PointerScope}; the encode methods
 * free their intermediates themselves. They do not switch autograd off: wrap inference in
 * {@code InferenceMode} or {@code NoGradGuard}.
 */
public final class ClipModel extends Module {
    /** Extra entries OpenAI's exported state dicts carry that are not parameters. */
    public static final Set<String> HARMLESS_EXTRAS = Set.of("input_resolution", "context_length", "vocab_size");

    private final ClipGeometry geometry;
    private final VisionTransformer visual;
    private final Transformer transformer;
    private final Module tokenModule;
    private final Tensor tokenEmbedding;
    private final Tensor positionalEmbedding;
    private final LayerNorm lnFinal;
    private final Tensor textProjection;
    private final Tensor logitScale;

    /** A randomly initialised float32 CPU model (OpenAI's initialisation scales). */
    public ClipModel(ClipGeometry g) {
        this.geometry = g;
        int w = g.transformerWidth();
        this.visual = register_module("visual", new VisionTransformer(g));
        this.transformer = register_module("transformer", new Transformer(w, g.transformerLayers(), g.transformerHeads(),
                g.mlpRatio(), g.layerNormEps(), g.quickGelu(), true));
        this.tokenModule = register_module("token_embedding", new Module()); // a field, see VisionTransformer.conv1
        Module tok = tokenModule;
        this.tokenEmbedding = Init.param(tok, "weight", Init.normal(0.02, g.vocabSize(), w));
        this.positionalEmbedding = Init.param(this, "positional_embedding", Init.normal(0.01, g.contextLength(), w));
        this.lnFinal = register_module("ln_final", new LayerNorm(w, g.layerNormEps()));
        this.textProjection = Init.param(this, "text_projection", Init.normal(Math.pow(w, -0.5), w, g.embedDim()));
        this.logitScale = Init.param(this, "logit_scale", Init.scalar(Math.log(1 / 0.07)));
    }

    /** A float32 CPU model with its weights copied from an OpenAI-named state dict (see {@link StateDicts#load}). */
    public static ClipModel fromStateDict(Map<String, TensorData> sd, ClipGeometry g) {
        return fromStateDict(sd, g, null);
    }

    /** As {@link #fromStateDict(Map, ClipGeometry)}, inferring the geometry with {@link ClipGeometry#fromStateDict}. */
    public static ClipModel fromStateDict(Map<String, TensorData> sd) {
        return fromStateDict(sd, ClipGeometry.fromStateDict(sd), null);
    }

    /** @param source the checkpoint file, named in error messages (may be null) */
    public static ClipModel fromStateDict(Map<String, TensorData> sd, ClipGeometry g, Path source) {
        ClipModel m = new ClipModel(g);
        try {
            StateDicts.load(m, sd, HARMLESS_EXTRAS, source);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        m.eval();
        return m;
    }

    public ClipGeometry geometry() {
        return geometry;
    }

    /** Moves and casts every parameter; LayerNorm still computes in float32. */
    public ClipModel to(Device device, ScalarType type) {
        to(device, type, false);
        return this;
    }

    /** The parameters' element type. */
    public ScalarType dtype() {
        return textProjection.scalar_type().intern();
    }

    public Device device() {
        return textProjection.device();
    }

    /** @param images [N, 3, R, R] normalised pixels; returns [N, E] projected, not normalised, features */
    public Tensor encodeImage(Tensor images) {
        return scoped(() -> visual.forward(images.to(device(), dtype())));
    }

    /**
     * @param ids [N, L] token ids (SOT ... EOT, zero padded), L ≤ the context length; the feature is read at
     *            each row's largest id, which is EOT in CLIP's vocabulary; returns [N, E]
     */
    public Tensor encodeText(Tensor ids) {
        long[] s = ids.sizes().vec().get();
        if (s.length != 2 || s[1] < 1 || s[1] > geometry.contextLength()) {
            throw new IllegalArgumentException("expected token ids [N, L] with 1 ≤ L ≤ " + geometry.contextLength()
                    + ", got " + Arrays.toString(s));
        }
        return scoped(() -> {
            Tensor t = ids.to(device(), ScalarType.Long);
            if (s[0] > 0) {
                long lo = t.min().item_long();
                long hi = t.max().item_long();
                if (lo < 0 || hi >= geometry.vocabSize()) {
                    throw new IllegalArgumentException("token ids must lie in [0, " + geometry.vocabSize() + "), got "
                            + lo + ".." + hi);
                }
            }
            long n = s[0];
            long l = s[1];
            Tensor x = torch.embedding(tokenEmbedding, t);
            x = x.add(positionalEmbedding.narrow(0, 0, l));
            x = transformer.forward(x);
            x = lnFinal.forward(x);
            Tensor eot = t.argmax(new org.bytedeco.pytorch.LongOptional(-1), false);
            Tensor rows = torch.arange(new Scalar(n), new org.bytedeco.pytorch.TensorOptions(ScalarType.Long))
                    .to(t.device(), ScalarType.Long).mul(new Scalar(l));
            Tensor picked = x.reshape(n * l, -1).index_select(0, rows.add(eot));
            return picked.matmul(textProjection);
        });
    }

    /** {@code logit_scale.exp() * cos(image, text)}: [Ni, E] × [Nt, E] → [Ni, Nt] (logits per image). */
    public Tensor logits(Tensor imageFeatures, Tensor textFeatures) {
        return scoped(() -> normalise(imageFeatures).matmul(normalise(textFeatures).t()).mul(logitScale.exp()));
    }

    /** OpenAI's {@code forward}: logits per image for {@code images} × {@code ids}. */
    public Tensor forward(Tensor images, Tensor ids) {
        return scoped(() -> logits(encodeImage(images), encodeText(ids)));
    }

    /** Divides each row by its L2 norm. */
    public static Tensor normalise(Tensor f) {
        return f.div(torch.linalg_vector_norm(f, new Scalar(2), new long[] {-1}, true, new ScalarTypeOptional()));
    }

    /**
     * Runs {@code body} in its own scope, freeing every intermediate except the result, which moves to the
     * caller's scope when there is one (else the caller closes it). {@code detach} drops the reference the
     * scope held, so one is taken first to keep the result alive.
     */
    static Tensor scoped(Supplier<Tensor> body) {
        Tensor out;
        try (PointerScope s = new PointerScope()) {
            out = body.get();
            out.retainReference();
            s.detach(out);
        }
        PointerScope outer = PointerScope.getInnerScope();
        if (outer != null) {
            outer.attach(out);
            out.releaseReference();
        }
        return out;
    }
}
