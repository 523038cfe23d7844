package dev.actionclip.clip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A stack of {@link ResidualAttentionBlock}s registered as {@code resblocks.0}, {@code resblocks.1}, ...
 * The blocks are kept in a Java list because LibTorch containers would lose the Java subclasses.
 */
public final class Transformer extends Module {
    private final List<ResidualAttentionBlock> blocks = new ArrayList<>();
    private final Module resblocks;

    public Transformer(int width, int layers, int heads, int mlpRatio, double eps, boolean quickGelu, boolean causal) {
        this.resblocks = register_module("resblocks", new Module()); // a field, see VisionTransformer.conv1
        for (int i = 0; i < layers; i++) {
            blocks.add(resblocks.register_module(Integer.toString(i),
                    new ResidualAttentionBlock(width, heads, mlpRatio, eps, quickGelu, causal, layers)));
        }
    }

    public List<ResidualAttentionBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * @param x [N, L, W]. Each block runs in its own pointer scope: its intermediates (the MLP's 4·W activations
     *          above all) are freed when it ends, not when the whole pass does, so a pass needs one block's
     *          working memory instead of all of them (ViT-B/32, 32 frames: about 1.2 GB less at the peak). Autograd
     *          keeps what backward needs through its own references.
     */
    public Tensor forward(Tensor x) {
        for (ResidualAttentionBlock b : blocks) {
            Tensor in = x;
            x = ClipModel.scoped(() -> b.forward(in));
        }
        return x;
    }
}
