package dev.actionclip.video;

/**
 * One decoded video frame: its 0-based index in presentation order (counted from the first frame the
 * source delivered), its presentation time in seconds and its pixels (display rotation already applied).
 */
public record RgbFrame(long index, double timestamp, RgbImage image) {
    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }
}
