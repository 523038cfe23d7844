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
        return RgbImage.fromBufferedImage(img);
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
