package dev.actionclip.datasets.synth;

import java.util.List;

/**
 * What {@link SyntheticActions} generates. Build with {@link #builder()}; every field has a default.
 *
 * @param shapes         shapes to combine
 * @param colours        colours to combine
 * @param motions        motions to combine
 * @param perLabel       training clips per seen label
 * @param valPerLabel    validation clips per seen label
 * @param unseenPerLabel clips per held-out label
 * @param unseenFraction share of the label combinations held out of training (every part stays seen)
 * @param frames         frames per clip
 * @param size           frame width and height
 * @param fps            frame rate
 * @param seed           the same seed writes the same files
 * @param quality        MPEG-4 quantiser (1 best .. 31)
 * @param threads        clips encoded in parallel (does not change the output)
 */
public record SyntheticSpec(List<Shape> shapes, List<Colour> colours, List<Motion> motions, int perLabel,
                            int valPerLabel, int unseenPerLabel, double unseenFraction, int frames, int size,
                            double fps, long seed, int quality, int threads) {
    public static final List<Shape> DEFAULT_SHAPES = List.of(Shape.CIRCLE, Shape.SQUARE, Shape.TRIANGLE);
    public static final List<Colour> DEFAULT_COLOURS = List.of(Colour.RED, Colour.GREEN, Colour.BLUE, Colour.YELLOW);
    public static final List<Motion> DEFAULT_MOTIONS = List.of(Motion.values());

    public SyntheticSpec {
        shapes = List.copyOf(shapes);
        colours = List.copyOf(colours);
        motions = List.copyOf(motions);
        if (shapes.isEmpty() || colours.isEmpty() || motions.isEmpty()) {
            throw new IllegalArgumentException("need at least one shape, colour and motion");
        }
        if (shapes.size() != shapes.stream().distinct().count() || colours.size() != colours.stream().distinct().count()
                || motions.size() != motions.stream().distinct().count()) {
            throw new IllegalArgumentException("shapes, colours and motions must not repeat");
        }
        if (perLabel < 1 || valPerLabel < 0 || unseenPerLabel < 0) {
            throw new IllegalArgumentException("per-label counts: train >= 1, val and unseen >= 0");
        }
        if (!(unseenFraction >= 0 && unseenFraction < 1)) {
            throw new IllegalArgumentException("unseen fraction must be in [0, 1), got " + unseenFraction);
        }
        if (frames < 2 || frames > 10_000 || size < 16 || size > 4096 || size % 2 != 0) {
            throw new IllegalArgumentException("need 2..10000 frames and an even size of 16..4096, got "
                    + frames + " frames of " + size);
        }
        if (!(fps > 0 && fps <= 1000) || quality < 1 || quality > 31 || threads < 1) {
            throw new IllegalArgumentException("fps must be in (0, 1000], quality 1..31, threads >= 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clip length in whole seconds, as in the Kinetics file names ({@code _000000_000002}). */
    public int clipSeconds() {
        return (int) Math.ceil(frames / fps - 1e-9);
    }

    public static final class Builder {
        private List<Shape> shapes = DEFAULT_SHAPES;
        private List<Colour> colours = DEFAULT_COLOURS;
        private List<Motion> motions = DEFAULT_MOTIONS;
        private int perLabel = 4;
        private int valPerLabel = 1;
        private int unseenPerLabel = 2;
        private double unseenFraction = 0.2;
        private int frames = 16;
        private int size = 112;
        private double fps = 8;
        private long seed = 0;
        private int quality = ClipWriter.DEFAULT_QUALITY;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        public Builder shapes(List<Shape> v) { shapes = v; return this; }
        public Builder colours(List<Colour> v) { colours = v; return this; }
        public Builder motions(List<Motion> v) { motions = v; return this; }
        public Builder perLabel(int v) { perLabel = v; return this; }
        public Builder valPerLabel(int v) { valPerLabel = v; return this; }
        public Builder unseenPerLabel(int v) { unseenPerLabel = v; return this; }
        public Builder unseenFraction(double v) { unseenFraction = v; return this; }
        public Builder frames(int v) { frames = v; return this; }
        public Builder size(int v) { size = v; return this; }
        public Builder fps(double v) { fps = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder quality(int v) { quality = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        public SyntheticSpec build() {
            return new SyntheticSpec(shapes, colours, motions, perLabel, valPerLabel, unseenPerLabel, unseenFraction,
                    frames, size, fps, seed, quality, threads);
        }
    }
}
