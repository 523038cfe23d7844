package dev.actionclip.video;

import dev.actionclip.video.preprocess.FrameTensor;
import java.nio.FloatBuffer;

/**
 * A sampled, preprocessed clip: float32 [crops × frames, 3, height, width] (one crop unless three-crop
 * testing), the 0-based frame indices it came from, their timestamps in seconds, and the video's probe.
 */
public record Clip(FrameTensor tensor, int[] indices, double[] timestamps, VideoProbe probe) {
    public float[] data() {
        return tensor.data();
    }

    public int frames() {
        return tensor.frames();
    }

    public int crops() {
        return tensor.crops();
    }

    public int height() {
        return tensor.height();
    }

    public int width() {
        return tensor.width();
    }

    /** {crops × frames, 3, height, width}. */
    public long[] shape() {
        return tensor.shape();
    }

    /** Native-order direct copy of {@link #data()} for zero-copy wrapping on the model side. */
    public FloatBuffer toDirectBuffer() {
        return tensor.toDirectBuffer();
    }
}
