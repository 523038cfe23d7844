package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;

/** Per-channel mean/std normalisation of 8-bit RGB into planar float32, as torchvision's ToTensor + Normalize. */
public record Normalization(float[] mean, float[] std) {
    /** CLIP's (OpenAI) image statistics, also used by ActionCLIP. */
    public static final Normalization CLIP = new Normalization(
            new float[] {0.48145466f, 0.4578275f, 0.40821073f}, new float[] {0.26862954f, 0.26130258f, 0.27577711f});
    /** ImageNet statistics. */
    public static final Normalization IMAGENET = new Normalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Writes {@code img} as [3, H, W] into {@code out} at {@code offset}. */
    public void write(RgbImage img, float[] out, int offset) {
        byte[] p = img.rgb();
        int plane = img.width() * img.height();
        for (int c = 0; c < 3; c++) {
            // (v / 255 - mean) / std, with the division folded into one multiply-add per value
            float scale = 1f / (255f * std[c]);
            float shift = -mean[c] / std[c];
            int o = offset + c * plane;
            for (int i = 0, s = c; i < plane; i++, s += 3) {
                out[o + i] = (p[s] & 0xff) * scale + shift;
            }
        }
    }

    /** Inverse of {@link #write}: one [3, H, W] plane set back to 8-bit RGB (for previews). */
    public RgbImage read(float[] data, int offset, int width, int height) {
        int plane = width * height;
        byte[] out = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                float v = (data[offset + c * plane + i] * std[c] + mean[c]) * 255f;
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new RgbImage(width, height, out);
    }
}
