package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Precision / recall / F1 of detected events against true segments: a detection matches a true segment of the
 * same label when their temporal IoU reaches the threshold (0.5 usually); pairs are matched greedily, highest IoU
 * first, each segment and each detection at most once.
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

    /** Temporal intersection over union of two intervals. */
    public static double iou(double s1, double e1, double s2, double e2) {
        double inter = Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
        double union = Math.max(e1, e2) - Math.min(s1, s2);
        return union <= 0 ? 0 : inter / union;
    }

    public static Result evaluate(List<Segment> truth, List<Event> detected, double minIou) {
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
        int tp = 0;
        for (Pair p : pairs) {
            if (!tUsed[p.t()] && !dUsed[p.d()]) {
                tUsed[p.t()] = true;
                dUsed[p.d()] = true;
                tp++;
            }
        }
        return new Result(tp, detected.size() - tp, truth.size() - tp);
    }
}
