package dev.actionclip.watch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length along a video: seconds ({@code 2s}, {@code 1.5s}, {@code 500ms}) or frames ({@code 16f}). Used for
 * {@code --window} and {@code --stride}. Frames are counted as decoded, so a frame span follows the real frame
 * rate of the stream while a seconds span follows its timestamps.
 */
public record Span(double value, Unit unit) {
    /** What a span counts. */
    public enum Unit { SECONDS, FRAMES }

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(s|ms|f)");

    public Span {
        if (unit == null) {
            throw new IllegalArgumentException("span unit is missing");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("span must be positive, got " + value);
        }
        if (unit == Unit.FRAMES && value != Math.rint(value)) {
            throw new IllegalArgumentException("a frame span must be a whole number of frames, got " + value);
        }
    }

    public static Span seconds(double s) {
        return new Span(s, Unit.SECONDS);
    }

    public static Span frames(int n) {
        return new Span(n, Unit.FRAMES);
    }

    /**
     * Parses {@code 2s}, {@code 0.5s}, {@code 500ms} or {@code 16f}.
     *
     * @throws IllegalArgumentException naming the bad text and the accepted forms
     */
    public static Span parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad span '" + text
                    + "': expected a positive number followed by s, ms or f (e.g. 2s, 500ms, 16f)");
        }
        double v = Double.parseDouble(m.group(1));
        try {
            switch (m.group(2)) {
                case "s": return seconds(v);
                case "ms": return seconds(v / 1000.0);
                default: return new Span(v, Unit.FRAMES);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad span '" + text + "': " + e.getMessage(), e);
        }
    }

    public boolean inFrames() {
        return unit == Unit.FRAMES;
    }

    /** The frame count of a frame span. */
    public long frameCount() {
        if (!inFrames()) {
            throw new IllegalStateException("not a frame span: " + this);
        }
        return (long) value;
    }

    @Override
    public String toString() {
        if (inFrames()) {
            return (long) value + "f";
        }
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "s";
    }
}
