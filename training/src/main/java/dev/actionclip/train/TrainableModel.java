package dev.actionclip.train;

import dev.actionclip.formats.TensorData;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * What the trainer needs from a video-text model. The real one wraps a CLIP model and a fusion head; tests use toy
 * modules. Parameter maps are ordered and their names are the state-dict names (they key the optimizer state).
 */
public interface TrainableModel {
    /** Trainable parameters of the image tower (frozen with {@link TrainConfig#freezeImage()}). */
    Map<String, Tensor> imageParameters();

    /** Trainable parameters of the text tower and shared CLIP parameters such as {@code logit_scale}. */
    Map<String, Tensor> textParameters();

    /** Trainable parameters of the temporal fusion head (learning rate × {@link TrainConfig#fusionRatio()}). */
    Map<String, Tensor> fusionParameters();

    /** [B,T,3,H,W] float32 frames → [B,D] video embeddings (image tower per frame, then fusion). */
    Tensor encodeVideo(Tensor videos);

    /** [B,L] token ids → [B,D] text embeddings. */
    Tensor encodeText(Tensor tokenIds);

    /** The scalar log logit scale; the loss uses its {@code exp()}. */
    Tensor logitScale();

    /** Every parameter and buffer to checkpoint, by name. */
    Map<String, Tensor> stateDict();

    /** Copies these values into the tensors of {@link #stateDict()}; an unknown or missing name is an error. */
    void loadStateDict(Map<String, TensorData> weights);

    /** Training mode (dropout on) or evaluation mode. */
    void train(boolean on);

    /**
     * Moves every parameter and buffer to {@code device} as float32, in place: the tensors handed out by the
     * parameter maps must stay the same objects (LibTorch's {@code Module::to} replaces their data, not them), since
     * the trainer moves the model before it builds the optimizer over those maps.
     */
    void moveTo(Device device);
}
