package dev.actionclip.video;

/**
 * What a video source says about itself.
 *
 * @param source            path or URL
 * @param format            demuxer name (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}, {@code matroska,webm})
 * @param codec             video codec name (e.g. {@code h264}, {@code mpeg4}, {@code vp9})
 * @param durationSeconds   container duration, 0 when unknown (live sources)
 * @param avgFps            average frame rate (frames / duration); 0 when unknown
 * @param realFps           the stream's base frame rate ({@code r_frame_rate}); differs from avgFps for VFR video
 * @param approxFrameCount  round(duration × fps) as FFmpeg estimates it: wrong for VFR and some containers
 * @param exactFrameCount   video packets counted in the file, or -1 when not requested / not countable
 * @param width             width of delivered frames (after rotation)
 * @param height            height of delivered frames (after rotation)
 * @param rotation          clockwise rotation in degrees (0, 90, 180, 270) applied to the decoded pictures,
 *                          from the stream's display matrix
 * @param constantFrameRate true when every frame lasts the same time (known only after a packet count;
 *                          otherwise true when avg and real fps agree)
 */
public record VideoProbe(String source, String format, String codec, double durationSeconds, double avgFps,
                         double realFps, long approxFrameCount, long exactFrameCount, int width, int height,
                         int rotation, boolean constantFrameRate) {

    /** The exact count when known, else the approximate one. */
    public long frameCount() {
        return exactFrameCount >= 0 ? exactFrameCount : approxFrameCount;
    }

    /** Frames per second to turn indices into seconds: the average rate, else the base rate, else 25. */
    public double fps() {
        if (avgFps > 0) {
            return avgFps;
        }
        return realFps > 0 ? realFps : 25;
    }

    /** Width of the coded pictures (before rotation). */
    public int codedWidth() {
        return rotation % 180 == 0 ? width : height;
    }

    /** Height of the coded pictures (before rotation). */
    public int codedHeight() {
        return rotation % 180 == 0 ? height : width;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s: %s/%s %dx%d rot %d, %.3f s, avg %.3f fps, real %.3f fps, frames %s%s", source, format, codec,
                width, height, rotation, durationSeconds, avgFps, realFps,
                exactFrameCount >= 0 ? exactFrameCount + " (exact)" : "~" + approxFrameCount,
                constantFrameRate ? "" : ", variable frame rate");
    }
}
