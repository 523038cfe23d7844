package dev.actionclip.temporal;

import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * One of ActionCLIP's temporal fusion heads ({@code modules/Visual_Prompt.py}, {@code visual_prompt}): turns the
 * per-frame image features of a clip into one video feature.
 *
 * <p>Build heads outside per-batch {@code PointerScope}s (their parameters must outlive them). Parameter names
 * equal the keys of ActionCLIP's {@code fusion_model_state_dict} without the {@code module.} prefix.
 */
public interface FusionHead extends AutoCloseable {
    /** ActionCLIP's {@code sim_header}: meanP, Conv_1D, LSTM, Transf or Transf_cls. */
    String name();

    /**
     * Fuses frame features.
     *
     * @param x [B, T, D] frame features, same dtype and device as the parameters, 1 ≤ T ≤ {@link #maxFrames()}
     * @return [B, D]; a new tensor owned by the caller
     */
    Tensor forward(Tensor x);

    /** Feature width D ({@code -1} for meanP, which accepts any). */
    long width();

    /** Largest frame count this head accepts ({@link Integer#MAX_VALUE} when unlimited). */
    int maxFrames();

    /** The parameter tree, for training, {@code to(device)}, {@code eval()} and archives. */
    Module module();

    /** Parameters by checkpoint name (live views of the module's tensors). */
    Map<String, Tensor> parameters();

    @Override
    void close();
}
