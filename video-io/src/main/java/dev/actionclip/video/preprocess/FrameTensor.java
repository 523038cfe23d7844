package dev.actionclip.video.preprocess;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Preprocessed frames: float32, layout [crops × frames, 3, height, width], crop-major (all frames of crop 0,
 * then crop 1, ...). Usually one crop. {@link #toDirectBuffer()} gives native-order memory that LibTorch's
 * {@code from_blob} can wrap without copying.
 */
public record FrameTensor(float[] data, int crops, int frames, int height, int width) {
    public FrameTensor {
        long need = (long) crops * frames * 3 * height * width;
        if (data.length != need) {
            throw new IllegalArgumentException("[" + crops * frames + ",3," + height + "," + width + "] needs "
                    + need + " floats, got " + data.length);
        }
    }

    /** The shape as LibTorch wants it: {crops × frames, 3, height, width}. */
    public long[] shape() {
        return new long[] {(long) crops * frames, 3, height, width};
    }

    /** A direct, native-order copy of the data. */
    public FloatBuffer toDirectBuffer() {
        FloatBuffer b = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(data).flip();
        return b;
    }

    /** Crop {@code c} alone, [frames, 3, height, width]. */
    public float[] crop(int c) {
        int per = frames * 3 * height * width;
        float[] out = new float[per];
        System.arraycopy(data, c * per, out, 0, per);
        return out;
    }
}
