package dev.actionclip.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a timeline plot shows: the smoothed scores of every window, the events and the threshold of a run, and the
 * true segments when known (a strip under the scores). Feed it as the detector's smoothed-window listener and
 * event listener. Memory is bounded for endless streams: beyond
 * {@code maxPoints} windows, neighbouring windows are merged pairwise (mean scores), halving the resolution.
 * Also holds the plot geometry shared by {@link TimelineHtml} and {@link TimelinePng}.
 */
public final class Timeline implements Consumer<ScoredWindow> {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};
    static final int WIDTH = 1200;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int PLOT_HEIGHT = 320;
    static final int LEGEND_ROW = 20;
    /** Height of the true-segment strip under the scores, drawn only when there are true segments. */
    static final int TRUTH_ROW = 18;

    private final String source;
    private final List<String> labels;
    private final double threshold;
    private final int maxPoints;
    private final List<ScoredWindow> points = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<SegmentEvaluator.Segment> truth = new ArrayList<>();
    private final float[] peak;

    public Timeline(String source, List<String> labels, double threshold) {
        this(source, labels, threshold, 4000);
    }

    public Timeline(String source, List<String> labels, double threshold, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a timeline needs at least 2 points, got " + maxPoints);
        }
        this.source = source;
        this.labels = List.copyOf(labels);
        this.threshold = threshold;
        this.maxPoints = maxPoints;
        this.peak = new float[labels.size()];
    }

    @Override
    public void accept(ScoredWindow w) {
        float[] s = w.scores();
        for (int c = 0; c < peak.length; c++) {
            peak[c] = Math.max(peak[c], s[c]);
        }
        points.add(w);
        if (points.size() > maxPoints) {
            halve();
        }
    }

    public void addEvent(Event e) {
        events.add(e);
    }

    /** True segments to draw under the scores; their labels are matched to the run's labels by name. */
    public void addTruth(List<SegmentEvaluator.Segment> segments) {
        truth.addAll(segments);
    }

    /**
     * Writes one plot of every track, stacked in order, each titled by its source: {@code .html}/{@code .htm} gives
     * {@link TimelineHtml}, anything else {@link TimelinePng}.
     */
    public static void write(Path file, List<Timeline> tracks, int topN) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            TimelineHtml.write(tracks, topN, file);
        } else {
            TimelinePng.write(tracks, topN, file);
        }
    }

    private void halve() {
        List<ScoredWindow> merged = new ArrayList<>(points.size() / 2 + 1);
        for (int i = 0; i + 1 < points.size(); i += 2) {
            ScoredWindow a = points.get(i);
            ScoredWindow b = points.get(i + 1);
            float[] m = new float[a.scores().length];
            for (int c = 0; c < m.length; c++) {
                m[c] = (a.scores()[c] + b.scores()[c]) / 2;
            }
            merged.add(new ScoredWindow(a.start(), b.end(), m));
        }
        if (points.size() % 2 == 1) {
            merged.add(points.get(points.size() - 1));
        }
        points.clear();
        points.addAll(merged);
    }

    public String source() {
        return source;
    }

    public List<String> labels() {
        return labels;
    }

    public double threshold() {
        return threshold;
    }

    public List<ScoredWindow> points() {
        return List.copyOf(points);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<SegmentEvaluator.Segment> truth() {
        return List.copyOf(truth);
    }

    /** Index of a label by name, -1 when the run has no such label (a true segment of an unknown label). */
    int labelIndex(String label) {
        return labels.indexOf(label);
    }

    /** The {@code n} labels to draw: those with events or true segments first, then by peak smoothed score. */
    public List<Integer> topLabels(int n) {
        boolean[] hasEvent = new boolean[labels.size()];
        for (Event e : events) {
            if (e.labelIndex() >= 0 && e.labelIndex() < hasEvent.length) {
                hasEvent[e.labelIndex()] = true;
            }
        }
        for (SegmentEvaluator.Segment s : truth) {
            int c = labelIndex(s.label());
            if (c >= 0) {
                hasEvent[c] = true;
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            idx.add(c);
        }
        idx.sort(Comparator.comparing((Integer c) -> !hasEvent[c]).thenComparing(c -> -peak[c]));
        return List.copyOf(idx.subList(0, Math.min(n, idx.size())));
    }

    /** Colour of the {@code rank}-th drawn label (events take the colour of their label). */
    static String color(int rank) {
        return PALETTE[rank % PALETTE.length];
    }

    double startTime() {
        double t = points.isEmpty() ? 0 : points.get(0).start();
        for (Event e : events) {
            t = Math.min(t, e.start());
        }
        for (SegmentEvaluator.Segment s : truth) {
            t = Math.min(t, s.start());
        }
        return Math.min(t, 0);
    }

    double endTime() {
        double t = points.isEmpty() ? 1 : points.get(points.size() - 1).end();
        for (Event e : events) {
            t = Math.max(t, e.end());
        }
        for (SegmentEvaluator.Segment s : truth) {
            t = Math.max(t, s.end());
        }
        return Math.max(t, startTime() + 1e-3);
    }

    double x(double t) {
        double t0 = startTime();
        return LEFT + (t - t0) / (endTime() - t0) * (WIDTH - LEFT - RIGHT);
    }

    static double y(double score) {
        return TOP + (1 - Math.max(0, Math.min(1, score))) * PLOT_HEIGHT;
    }

    /** Where the time axis runs: under the scores, and under the truth strip when there is one. */
    double axisY() {
        return y(0) + (truth.isEmpty() ? 0 : TRUTH_ROW);
    }

    int height(int legendEntries) {
        return (int) Math.ceil(axisY()) + 40 + LEGEND_ROW * ((legendEntries + 3) / 4) + 10;
    }

    /** Tick positions in seconds: a round step giving about 10 ticks. */
    List<Double> ticks() {
        double t0 = startTime();
        double span = endTime() - t0;
        double[] steps = {0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};
        double step = steps[steps.length - 1];
        for (double s : steps) {
            if (span / s <= 12) {
                step = s;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(t0 / step) * step; t <= endTime() + 1e-9; t += step) {
            out.add(t);
        }
        return out;
    }

    /** {@code mm:ss}, or {@code h:mm:ss} past an hour, with tenths when not whole. */
    static String clock(double seconds) {
        long tenthsTotal = Math.round(seconds * 10);
        long whole = tenthsTotal / 10;
        long tenths = tenthsTotal % 10;
        String base = whole >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                : String.format(Locale.ROOT, "%02d:%02d", whole / 60, whole % 60);
        return tenths == 0 ? base : base + "." + tenths;
    }
}
