package dev.actionclip.watch;

import java.util.List;
import java.util.Locale;

/**
 * The lines {@code watch --truth} prints: precision / recall / F1 at one IoU, then mAP at 0.3 / 0.5 / 0.7 and the
 * mean boundary error. Several runs (sources) are scored as one set ({@link SegmentEvaluator.Run}).
 */
public final class TruthReport {
    private TruthReport() {
    }

    /** @param who what the lines are about, e.g. a source, put after {@code truth: }; empty for none */
    public static List<String> lines(String who, List<SegmentEvaluator.Run> runs, double iou) {
        int segments = runs.stream().mapToInt(r -> r.truth().size()).sum();
        int events = runs.stream().mapToInt(r -> r.detected().size()).sum();
        SegmentEvaluator.Result e = SegmentEvaluator.evaluate(runs, iou);
        String head = who.isEmpty() ? "truth: " : "truth: " + who + ": ";
        return List.of(
                head + String.format(Locale.ROOT, "%d segments, %d events, IoU >= %.2f: precision %.3f recall %.3f "
                                + "F1 %.3f (tp %d, fp %d, fn %d)", segments, events, iou, e.precision(), e.recall(),
                        e.f1(), e.truePositives(), e.falsePositives(), e.falseNegatives()),
                head + String.format(Locale.ROOT, "mAP@0.3 %.3f mAP@0.5 %.3f mAP@0.7 %.3f (events ranked by peak "
                                + "score); mean boundary error %.2f s (matched events)",
                        SegmentEvaluator.meanAveragePrecision(runs, 0.3),
                        SegmentEvaluator.meanAveragePrecision(runs, 0.5),
                        SegmentEvaluator.meanAveragePrecision(runs, 0.7),
                        SegmentEvaluator.meanBoundaryError(runs, iou)));
    }

    /** The lines of one run. */
    public static List<String> lines(String who, List<SegmentEvaluator.Segment> truth, List<Event> events,
                                     double iou) {
        return lines(who, List.of(new SegmentEvaluator.Run(truth, events)), iou);
    }
}
