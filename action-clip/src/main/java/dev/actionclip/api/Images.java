package dev.actionclip.api;

import dev.actionclip.video.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Conversions of the frame types services hold (BufferedImage, JavaCV Frame, image files) to RGB24. */
public final class Images {
    private Images() {
    }

    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    /** A JavaCV video frame (any pixel layout Java2DFrameConverter understands, e.g. the grabber's BGR24). */
    public static RgbImage fromFrame(Frame frame) {
        if (frame == null || frame.image == null) {
            throw new IllegalArgumentException("frame has no image (an audio frame?)");
        }
        try (Java2DFrameConverter c = new Java2DFrameConverter()) {
            return fromBufferedImage(c.convert(frame));
        }
    }

    /** An image file ImageIO can read (PNG, JPEG, BMP, GIF). */
    public static RgbImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
        }
        return fromBufferedImage(img);
    }
}
