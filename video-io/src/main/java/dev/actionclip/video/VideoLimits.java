package dev.actionclip.video;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one video may cost before it is refused: a picture size cap (a header can claim any size, and each
 * decoded frame is width × height × 3 bytes of heap) and a wall-clock budget for decoding it (a file can be
 * slow to decode without being broken). Both end in a {@link VideoReadException} naming the video, so a
 * batch writes one error row and goes on instead of hanging or exhausting the heap.
 *
 * @param maxPixels     largest width × height accepted, in the header and in every decoded frame
 * @param decodeTimeout wall-clock time from opening a video to its last decoded frame; {@link Duration#ZERO}
 *                      means no limit (live sources, which never end)
 */
public record VideoLimits(long maxPixels, Duration decodeTimeout) {
    /** 8K UHD (7680 × 4320): every camera and phone format fits, a lying header does not. */
    public static final long DEFAULT_MAX_PIXELS = 7680L * 4320;
    /** Far more than a 10-minute 4K file needs for sampled decoding on one core. */
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofMinutes(2);
    /** The defaults of {@code label}, {@code eval} and the API. */
    public static final VideoLimits DEFAULT = new VideoLimits(DEFAULT_MAX_PIXELS, DEFAULT_DECODE_TIMEOUT);
    /** The defaults for live sources: the size cap only. */
    public static final VideoLimits LIVE = new VideoLimits(DEFAULT_MAX_PIXELS, Duration.ZERO);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})\\s*[x×]\\s*(\\d{1,6})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(ms|s|m|min|h)?");

    public VideoLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max pixels must be at least 1, got " + maxPixels);
        }
        if (decodeTimeout == null || decodeTimeout.isNegative()) {
            throw new IllegalArgumentException("decode timeout must be zero (none) or positive, got " + decodeTimeout);
        }
    }

    /** {@code WIDTHxHEIGHT} (e.g. {@code 3840x2160}) or a pixel count; IllegalArgumentException says what is wrong. */
    public static long parsePixels(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(t);
        long n;
        if (m.matches()) {
            n = Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
        } else if (t.matches("\\d{1,15}")) {
            n = Long.parseLong(t);
        } else {
            throw new IllegalArgumentException("max pixels takes WIDTHxHEIGHT or a pixel count, e.g. 3840x2160, not '"
                    + text + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException("max pixels must be at least 1, not '" + text + "'");
        }
        return n;
    }

    /** A time such as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds; 0 is none. */
    public static Duration parseTimeout(String text) {
        Matcher m = TIME.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("decode timeout takes a time such as 30s, 500ms or 2m (0: none), not '"
                    + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double seconds = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> v / 1000;
            case "m", "min" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    public VideoLimits withMaxPixels(long pixels) {
        return new VideoLimits(pixels, decodeTimeout);
    }

    public VideoLimits withDecodeTimeout(Duration timeout) {
        return new VideoLimits(maxPixels, timeout);
    }

    /** Null when a {@code width × height} picture is within the cap, else why not. */
    String checkPicture(int width, int height) {
        long pixels = (long) width * height;
        if (pixels <= maxPixels) {
            return null;
        }
        return String.format(Locale.ROOT, "picture %d×%d (%,d pixels) is larger than the limit of %,d pixels (max pixels)",
                width, height, pixels, maxPixels);
    }

    /** True when a video opened at {@code startNanos} ({@link System#nanoTime()}) has used up its time. */
    boolean expired(long startNanos) {
        return !decodeTimeout.isZero() && System.nanoTime() - startNanos > decodeTimeout.toNanos();
    }

    /** The timeout's message for a video that used it up at frame {@code frame}. */
    String timeoutMessage(long frame) {
        return "gave up after " + decodeTimeout.toMillis() / 1000.0 + " s of decoding, at frame " + frame
                + " (decode timeout)";
    }
}
