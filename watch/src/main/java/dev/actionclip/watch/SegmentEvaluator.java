package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision / recall / F1 of detected events against true segments: a detection matches a true segment of the
 * same label when their temporal IoU reaches the threshold (0.5 usually); pairs are matched greedily, highest IoU
 * first, each segment and each detection at most once.
 *
 * <p>{@link #meanAveragePrecision} is the temporal-localisation measure of THUMOS / ActivityNet: it ranks each
 * label's events by their peak score, so it also rewards events that are sure when right and unsure when wrong.
 */
public final class SegmentEvaluator {
    private SegmentEvaluator() {
    }

    /** A ground-truth segment, seconds. */
    public record Segment(String label, double start, double end) {
        public Segment {
            if (!(end >= start)) {
                throw new IllegalArgumentException("segment '" + label + "' ends (" + end + " s) before it starts ("
                        + start + " s)");
            }
        }
    }

    /** Counts and scores; precision (recall) is 1 when there is nothing detected (nothing to find). */
    public record Result(int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            int d = truePositives + falsePositives;
            return d == 0 ? 1.0 : (double) truePositives / d;
        }

        public double recall() {
            int t = truePositives + falseNegatives;
            return t == 0 ? 1.0 : (double) truePositives / t;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * One source's true segments and detections. Several runs are scored as one set (a segment matches only
     * events of its own source), as THUMOS and ActivityNet pool their videos.
     */
    public record Run(List<Segment> truth, List<Event> detected) {
        public Run {
            truth = List.copyOf(truth);
            detected = List.copyOf(detected);
        }
    }

    /** Temporal intersection over union of two intervals. */
    public static double iou(double s1, double e1, double s2, double e2) {
        double inter = Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
        double union = Math.max(e1, e2) - Math.min(s1, s2);
        return union <= 0 ? 0 : inter / union;
    }

    public static Result evaluate(List<Segment> truth, List<Event> detected, double minIou) {
        int tp = match(truth, detected, minIou).size();
        return new Result(tp, detected.size() - tp, truth.size() - tp);
    }

    /** {@link #evaluate} over several sources: the counts summed. */
    public static Result evaluate(List<Run> runs, double minIou) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Run r : runs) {
            Result one = evaluate(r.truth(), r.detected(), minIou);
            tp += one.truePositives();
            fp += one.falsePositives();
            fn += one.falseNegatives();
        }
        return new Result(tp, fp, fn);
    }

    /**
     * Mean distance in seconds between the edges (starts and ends alike) of the true segments and the events
     * {@link #evaluate} matched to them; NaN when nothing matched.
     */
    public static double meanBoundaryError(List<Segment> truth, List<Event> detected, double minIou) {
        return meanBoundaryError(List.of(new Run(truth, detected)), minIou);
    }

    /** {@link #meanBoundaryError} over the matched events of several sources. */
    public static double meanBoundaryError(List<Run> runs, double minIou) {
        double sum = 0;
        int n = 0;
        for (Run r : runs) {
            for (int[] m : match(r.truth(), r.detected(), minIou)) {
                Segment s = r.truth().get(m[0]);
                Event e = r.detected().get(m[1]);
                sum += Math.abs(s.start() - e.start()) + Math.abs(s.end() - e.end());
                n += 2;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Greedy one-to-one matching, highest IoU first: {truth index, detection index} pairs. */
    private static List<int[]> match(List<Segment> truth, List<Event> detected, double minIou) {
        record Pair(int t, int d, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            Segment s = truth.get(t);
            for (int d = 0; d < detected.size(); d++) {
                Event e = detected.get(d);
                if (!s.label().equals(e.label())) {
                    continue;
                }
                double v = iou(s.start(), s.end(), e.start(), e.end());
                if (v >= minIou && v > 0) {
                    pairs.add(new Pair(t, d, v));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou()).thenComparingInt(Pair::t)
                .thenComparingInt(Pair::d));
        boolean[] tUsed = new boolean[truth.size()];
        boolean[] dUsed = new boolean[detected.size()];
        List<int[]> out = new ArrayList<>();
        for (Pair p : pairs) {
            if (!tUsed[p.t()] && !dUsed[p.d()]) {
                tUsed[p.t()] = true;
                dUsed[p.d()] = true;
                out.add(new int[] {p.t(), p.d()});
            }
        }
        return out;
    }

    /**
     * Mean over labels of the average precision at one IoU threshold, as ActivityNet's
     * {@code compute_average_precision_detection} computes it: per label, events ranked by peak score (ties: the
     * earlier event first); an event is a true positive when the same-label true segment it overlaps most, among
     * those still unmatched, reaches {@code minIou} (a duplicate of a matched segment is a false positive); AP is
     * the area under the precision-recall curve made monotone (precision at recall r = best precision at any
     * recall >= r). The mean runs over the labels that have true segments: events of a label the truth never shows
     * do not lower it (they do lower {@link #evaluate} precision).
     *
     * @return NaN when the truth is empty
     */
    public static double meanAveragePrecision(List<Segment> truth, List<Event> detected, double minIou) {
        return meanAveragePrecision(List.of(new Run(truth, detected)), minIou);
    }

    /** {@link #meanAveragePrecision} with the events of all sources ranked together. */
    public static double meanAveragePrecision(List<Run> runs, double minIou) {
        Map<String, Double> ap = averagePrecisions(runs, minIou);
        return ap.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Average precision of each label that has true segments, in order of first appearance in the truth. */
    public static Map<String, Double> averagePrecisions(List<Segment> truth, List<Event> detected, double minIou) {
        return averagePrecisions(List.of(new Run(truth, detected)), minIou);
    }

    /** {@link #averagePrecisions} over several sources, their events of a label ranked together. */
    public static Map<String, Double> averagePrecisions(List<Run> runs, double minIou) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Run r : runs) {
            for (Segment s : r.truth()) {
                labels.putIfAbsent(s.label(), labels.size());
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String label : labels.keySet()) {
            List<Run> mine = new ArrayList<>(runs.size());
            for (Run r : runs) {
                mine.add(new Run(r.truth().stream().filter(s -> s.label().equals(label)).toList(),
                        r.detected().stream().filter(d -> d.label().equals(label)).toList()));
            }
            out.put(label, averagePrecision(mine, minIou));
        }
        return out;
    }

    /** AP of one label's events against that label's true segments (at least one), each run its own source. */
    static double averagePrecision(List<Run> runs, double minIou) {
        record Ranked(int run, Event event) {
        }
        List<Ranked> ranked = new ArrayList<>();
        List<boolean[]> taken = new ArrayList<>(runs.size());
        int truthCount = 0;
        for (int r = 0; r < runs.size(); r++) {
            for (Event d : runs.get(r).detected()) {
                ranked.add(new Ranked(r, d));
            }
            taken.add(new boolean[runs.get(r).truth().size()]);
            truthCount += runs.get(r).truth().size();
        }
        // Ties: the earlier event first, then the earlier source, so the order is the same on every run.
        ranked.sort(Comparator.comparingDouble((Ranked d) -> -d.event().peakScore())
                .thenComparingDouble(d -> d.event().start()).thenComparingInt(Ranked::run));
        int n = ranked.size();
        double[] precision = new double[n + 2];
        double[] recall = new double[n + 2];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            Event d = ranked.get(i).event();
            List<Segment> truth = runs.get(ranked.get(i).run()).truth();
            boolean[] used = taken.get(ranked.get(i).run());
            int best = -1;
            double bestIou = -1;
            for (int t = 0; t < truth.size(); t++) {
                Segment s = truth.get(t);
                double v = iou(s.start(), s.end(), d.start(), d.end());
                if (!used[t] && v >= minIou && v > bestIou) {
                    best = t;
                    bestIou = v;
                }
            }
            // ActivityNet walks the segments by falling IoU and stops at the first below the threshold: the same
            // as taking the best unmatched one at or above it.
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
            precision[i + 1] = (double) tp / (i + 1);
            recall[i + 1] = (double) tp / truthCount;
        }
        recall[n + 1] = 1;
        for (int i = n; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i <= n + 1; i++) {
            ap += (recall[i] - recall[i - 1]) * precision[i];
        }
        return ap;
    }
}
