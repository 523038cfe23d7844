package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;

/**
 * Pixel operations of torchvision's ColorJitter / Grayscale on PIL images, on 8-bit RGB: each returns a new
 * image, rounding and clamping to 0..255 after every operation as PIL does.
 */
final class ColorOps {
    private ColorOps() {
    }

    /** PIL's "L" conversion: (19595 R + 38470 G + 7471 B + 0x8000) >> 16. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /** Grayscale with three equal channels. */
    static RgbImage grayscale(RgbImage img) {
        byte[] p = img.rgb();
        byte[] o = new byte[p.length];
        for (int i = 0; i < p.length; i += 3) {
            byte l = (byte) luma(p[i] & 0xff, p[i + 1] & 0xff, p[i + 2] & 0xff);
            o[i] = l;
            o[i + 1] = l;
            o[i + 2] = l;
        }
        return new RgbImage(img.width(), img.height(), o);
    }

    /** PIL ImageEnhance.Brightness: blend with black. */
    static RgbImage brightness(RgbImage img, double f) {
        return blendConst(img, f, 0, 0, 0);
    }

    /** PIL ImageEnhance.Contrast: blend with the mean grey level (rounded). */
    static RgbImage contrast(RgbImage img, double f) {
        byte[] p = img.rgb();
        long sum = 0;
        for (int i = 0; i < p.length; i += 3) {
            sum += luma(p[i] & 0xff, p[i + 1] & 0xff, p[i + 2] & 0xff);
        }
        int mean = (int) (sum / (double) (p.length / 3) + 0.5);
        return blendConst(img, f, mean, mean, mean);
    }

    /** PIL ImageEnhance.Color: blend with the grayscale image. */
    static RgbImage saturation(RgbImage img, double f) {
        byte[] p = img.rgb();
        byte[] o = new byte[p.length];
        for (int i = 0; i < p.length; i += 3) {
            int l = luma(p[i] & 0xff, p[i + 1] & 0xff, p[i + 2] & 0xff);
            for (int c = 0; c < 3; c++) {
                o[i + c] = clamp(l + f * ((p[i + c] & 0xff) - l));
            }
        }
        return new RgbImage(img.width(), img.height(), o);
    }

    /** torchvision's adjust_hue for PIL: shift the HSV hue by {@code shift} turns (-0.5..0.5). */
    static RgbImage hue(RgbImage img, double shift) {
        byte[] p = img.rgb();
        byte[] o = new byte[p.length];
        float[] hsv = new float[3];
        for (int i = 0; i < p.length; i += 3) {
            int r = p[i] & 0xff;
            int g = p[i + 1] & 0xff;
            int b = p[i + 2] & 0xff;
            java.awt.Color.RGBtoHSB(r, g, b, hsv);
            float h = (float) (hsv[0] + shift);
            h -= (float) Math.floor(h);
            int rgb = java.awt.Color.HSBtoRGB(h, hsv[1], hsv[2]);
            o[i] = (byte) (rgb >> 16);
            o[i + 1] = (byte) (rgb >> 8);
            o[i + 2] = (byte) rgb;
        }
        return new RgbImage(img.width(), img.height(), o);
    }

    private static RgbImage blendConst(RgbImage img, double f, int r, int g, int b) {
        byte[] p = img.rgb();
        byte[] o = new byte[p.length];
        int[] base = {r, g, b};
        for (int i = 0; i < p.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                o[i + c] = clamp(base[c] + f * ((p[i + c] & 0xff) - base[c]));
            }
        }
        return new RgbImage(img.width(), img.height(), o);
    }

    private static byte clamp(double v) {
        long x = Math.round(v);
        return (byte) (x < 0 ? 0 : Math.min(255, x));
    }
}
