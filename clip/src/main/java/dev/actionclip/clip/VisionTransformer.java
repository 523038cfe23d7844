package dev.actionclip.clip;

import java.util.Arrays;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * CLIP's image tower: patchify with {@code conv1} (stride = patch, no bias), prepend {@code class_embedding},
 * add {@code positional_embedding}, {@code ln_pre}, {@link Transformer}, {@code ln_post} on the class token,
 * then project with {@code proj} [W, E].
 */
public final class VisionTransformer extends Module {
    private final Module conv1;
    private final Tensor conv1Weight;
    private final Tensor classEmbedding;
    private final Tensor positionalEmbedding;
    private final LayerNorm lnPre;
    private final Transformer transformer;
    private final LayerNorm lnPost;
    private final Tensor proj;
    private final ClipGeometry g;

    public VisionTransformer(ClipGeometry g) {
        this.g = g;
        int w = g.visionWidth();
        int p = g.visionPatchSize();
        double scale = Math.pow(w, -0.5);
        // a bare Module holding "weight" so the parameter is named conv1.weight like nn.Conv2d's
        // kept in a field: a bare Module only reachable from native code is collected, and train()/eval()
        // then call into a dead Java object
        this.conv1 = register_module("conv1", new Module());
        this.conv1Weight = Init.param(this.conv1, "weight", Init.normal(Math.pow(3.0 * p * p, -0.5), w, 3, p, p));
        this.classEmbedding = Init.param(this, "class_embedding", Init.normal(scale, w));
        long tokens = (long) g.gridSize() * g.gridSize() + 1;
        this.positionalEmbedding = Init.param(this, "positional_embedding", Init.normal(scale, tokens, w));
        this.lnPre = register_module("ln_pre", new LayerNorm(w, g.layerNormEps()));
        this.transformer = register_module("transformer", new Transformer(w, g.visionLayers(), g.visionHeads(),
                g.mlpRatio(), g.layerNormEps(), g.quickGelu(), false));
        this.lnPost = register_module("ln_post", new LayerNorm(w, g.layerNormEps()));
        this.proj = Init.param(this, "proj", Init.normal(scale, w, g.embedDim()));
    }

    /** @param images [N, 3, R, R] normalised pixels, R = the geometry's image resolution; returns [N, E] */
    public Tensor forward(Tensor images) {
        long[] s = images.sizes().vec().get();
        if (s.length != 4 || s[1] != 3 || s[2] != g.imageResolution() || s[3] != g.imageResolution()) {
            throw new IllegalArgumentException("expected images [N, 3, " + g.imageResolution() + ", " + g.imageResolution()
                    + "], got " + Arrays.toString(s));
        }
        long n = s[0];
        long w = g.visionWidth();
        long p = g.visionPatchSize();
        Tensor x = images.to(conv1Weight.scalar_type());
        x = torch.conv2d(x, conv1Weight, new TensorOptional(), new long[] {p, p}, new long[] {0, 0}, new long[] {1, 1}, 1);
        x = x.reshape(n, w, -1).permute(0, 2, 1); // [N, grid², W]
        Tensor cls = classEmbedding.to(x.scalar_type()).reshape(1, 1, w).expand(n, 1, w);
        try (TensorVector parts = new TensorVector(cls, x)) {
            x = torch.cat(parts, 1);
        }
        x = x.add(positionalEmbedding.to(x.scalar_type()));
        x = lnPre.forward(x);
        x = transformer.forward(x);
        x = lnPost.forward(x.select(1, 0));
        return x.matmul(proj);
    }
}
