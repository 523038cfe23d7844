package dev.actionclip.video;

/**
 * An 8-bit RGB image, rows packed without padding ({@code stride == 3 * width}), row-major from the top.
 * The array is owned by the image: producers hand over fresh arrays and consumers do not modify them.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("RGB24 " + width + "x" + height + " needs " + 3 * width * height
                    + " bytes, got " + rgb.length);
        }
    }

    /** Red, green or blue ({@code c} = 0, 1, 2) of pixel (x, y) as 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    /** A copy of the rectangle at (x, y) of size w × h; it must lie inside the image. */
    public RgbImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
        }
        if (x == 0 && y == 0 && w == width && h == height) {
            return this;
        }
        byte[] out = new byte[3 * w * h];
        for (int r = 0; r < h; r++) {
            System.arraycopy(rgb, ((y + r) * width + x) * 3, out, r * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    /** The mirror image (left and right swapped). */
    public RgbImage flipHorizontal() {
        byte[] out = new byte[rgb.length];
        for (int r = 0; r < height; r++) {
            int row = r * width * 3;
            for (int c = 0; c < width; c++) {
                int s = row + c * 3;
                int d = row + (width - 1 - c) * 3;
                out[d] = rgb[s];
                out[d + 1] = rgb[s + 1];
                out[d + 2] = rgb[s + 2];
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The RGB24 pixels of a Java2D image of any type (read row by row, so no second full-size int copy). */
    public static RgbImage fromBufferedImage(java.awt.image.BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * Copies a possibly padded RGB24 buffer ({@code stride} bytes per row) and rotates it clockwise by
     * {@code clockwiseDegrees} (0, 90, 180 or 270), as players do with a stream's display matrix.
     */
    public static RgbImage fromStrided(java.nio.ByteBuffer src, int width, int height, int stride, int clockwiseDegrees) {
        byte[] packed = new byte[3 * width * height];
        java.nio.ByteBuffer b = src.duplicate();
        int rowBytes = 3 * width;
        for (int r = 0; r < height; r++) {
            b.position(r * stride);
            b.get(packed, r * rowBytes, rowBytes);
        }
        RgbImage img = new RgbImage(width, height, packed);
        return clockwiseDegrees == 0 ? img : img.rotateClockwise(clockwiseDegrees);
    }

    /** This image turned clockwise by 90, 180 or 270 degrees. */
    public RgbImage rotateClockwise(int degrees) {
        int d = ((degrees % 360) + 360) % 360;
        if (d == 0) {
            return this;
        }
        if (d != 90 && d != 180 && d != 270) {
            throw new IllegalArgumentException("rotation must be a multiple of 90 degrees: " + degrees);
        }
        int ow = d == 180 ? width : height;
        int oh = d == 180 ? height : width;
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                if (d == 90) {          // top row of the output is the left column of the input, bottom first
                    sx = y;
                    sy = height - 1 - x;
                } else if (d == 180) {
                    sx = width - 1 - x;
                    sy = height - 1 - y;
                } else {                // 270: top row of the output is the right column, top first
                    sx = width - 1 - y;
                    sy = x;
                }
                int s = (sy * width + sx) * 3;
                int o = (y * ow + x) * 3;
                out[o] = rgb[s];
                out[o + 1] = rgb[s + 1];
                out[o + 2] = rgb[s + 2];
            }
        }
        return new RgbImage(ow, oh, out);
    }
}
