package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.actionclip.watch.SegmentEvaluator.Result;
import dev.actionclip.watch.SegmentEvaluator.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentEvaluatorTest {
    private static Event ev(String l, double s, double e) {
        return new Event(l, 0, s, e, 0.9);
    }

    @Test
    void iouOfIntervals() {
        assertEquals(1.0, SegmentEvaluator.iou(0, 10, 0, 10), 1e-12);
        assertEquals(0.5, SegmentEvaluator.iou(0, 10, 0, 5), 1e-12);
        assertEquals(1.0 / 3, SegmentEvaluator.iou(0, 10, 5, 15), 1e-12);
        assertEquals(0.0, SegmentEvaluator.iou(0, 1, 2, 3), 1e-12);
    }

    @Test
    void greedyMatchingBySameLabelAndIou() {
        List<Segment> truth = List.of(new Segment("wave", 10, 15), new Segment("jump", 30, 40),
                new Segment("wave", 50, 52));
        List<Event> found = List.of(
                ev("wave", 10, 16),   // IoU 5/6 with wave 10-15: TP
                ev("wave", 11, 15),   // also overlaps it, but it is taken: FP
                ev("run", 30, 40),    // wrong label: FP
                ev("wave", 80, 90));  // nothing there: FP
        Result r = SegmentEvaluator.evaluate(truth, found, 0.5);
        assertEquals(new Result(1, 3, 2), r);
        assertEquals(0.25, r.precision(), 1e-12);
        assertEquals(1.0 / 3, r.recall(), 1e-12);
        assertEquals(2 * 0.25 / 3 / (0.25 + 1.0 / 3), r.f1(), 1e-12);
    }

    @Test
    void bestIouWinsAndLowIouDoesNotMatch() {
        List<Segment> truth = List.of(new Segment("wave", 0, 10));
        Result r = SegmentEvaluator.evaluate(truth, List.of(ev("wave", 0, 6), ev("wave", 0, 9.5)), 0.5);
        assertEquals(new Result(1, 1, 0), r);
        assertEquals(new Result(0, 1, 1), SegmentEvaluator.evaluate(truth, List.of(ev("wave", 0, 4)), 0.5));
        Result empty = SegmentEvaluator.evaluate(List.of(), List.of(), 0.5);
        assertEquals(1.0, empty.f1(), 1e-12);
    }

    @Test
    void meanAveragePrecisionByHand() {
        List<Segment> truth = List.of(new Segment("wave", 0, 10), new Segment("wave", 20, 30),
                new Segment("jump", 40, 50));
        List<Event> found = List.of(
                new Event("wave", 0, 0, 10, 0.9),   // rank 1: IoU 1 with wave 0-10: TP
                new Event("wave", 0, 1, 10, 0.85),  // rank 2: IoU 0.9 with the same, already taken: FP
                new Event("wave", 0, 50, 60, 0.8),  // rank 3: nothing there: FP
                new Event("wave", 0, 20, 28, 0.7),  // rank 4: IoU 0.8 with wave 20-30: TP
                new Event("jump", 1, 40, 46, 0.6),  // IoU 0.6: TP at 0.3 and 0.5, FP at 0.7
                new Event("run", 2, 0, 5, 0.99));   // a label the truth never shows: not in the mean
        // wave: precision 1, 1/2, 1/3, 1/2 at recall 1/2, 1/2, 1/2, 1. Made monotone: 1 up to recall 1/2, then 1/2.
        // AP = 1/2 x 1 + 1/2 x 1/2 = 0.75.
        assertEquals(0.75, SegmentEvaluator.averagePrecisions(truth, found, 0.5).get("wave"), 1e-12);
        assertEquals((0.75 + 1.0) / 2, SegmentEvaluator.meanAveragePrecision(truth, found, 0.3), 1e-12);
        assertEquals((0.75 + 1.0) / 2, SegmentEvaluator.meanAveragePrecision(truth, found, 0.5), 1e-12);
        assertEquals((0.75 + 0.0) / 2, SegmentEvaluator.meanAveragePrecision(truth, found, 0.7), 1e-12);
        // Ranking matters: the same events with the false alarm ranked last give wave AP 1.
        List<Event> wellRanked = List.of(new Event("wave", 0, 0, 10, 0.9), new Event("wave", 0, 20, 28, 0.7),
                new Event("wave", 0, 50, 60, 0.1));
        assertEquals(1.0, SegmentEvaluator.averagePrecisions(truth, wellRanked, 0.5).get("wave"), 1e-12);
        // A label with truth but no event has AP 0; no truth at all gives NaN.
        assertEquals(0.0, SegmentEvaluator.averagePrecisions(truth, wellRanked, 0.5).get("jump"), 1e-12);
        assertEquals(Double.NaN, SegmentEvaluator.meanAveragePrecision(List.of(), found, 0.5));
    }

    @Test
    void severalSourcesArePooledButNeverMatchedAcrossSources() {
        // A's jump event lies on B's true jump in time: another source, so a false positive.
        SegmentEvaluator.Run a = new SegmentEvaluator.Run(List.of(new Segment("wave", 0, 10)),
                List.of(new Event("wave", 0, 0, 10, 0.9), new Event("jump", 1, 20, 30, 0.8)));
        SegmentEvaluator.Run b = new SegmentEvaluator.Run(
                List.of(new Segment("wave", 0, 10), new Segment("jump", 20, 30)),
                List.of(new Event("wave", 0, 50, 60, 0.95), new Event("jump", 1, 20, 30, 0.5)));
        List<SegmentEvaluator.Run> both = List.of(a, b);
        assertEquals(new Result(2, 2, 1), SegmentEvaluator.evaluate(both, 0.5));
        // wave: B's miss ranks first (0.95), then A's hit: AP 0.5 x 0.5; jump: A's false one first: AP 0.5.
        assertEquals(0.25, SegmentEvaluator.averagePrecisions(both, 0.5).get("wave"), 1e-12);
        assertEquals(0.5, SegmentEvaluator.averagePrecisions(both, 0.5).get("jump"), 1e-12);
        assertEquals(0.375, SegmentEvaluator.meanAveragePrecision(both, 0.5), 1e-12);
        assertEquals(0.0, SegmentEvaluator.meanBoundaryError(both, 0.5), 1e-12);
        // One run is the one-list form.
        assertEquals(SegmentEvaluator.evaluate(b.truth(), b.detected(), 0.5),
                SegmentEvaluator.evaluate(List.of(b), 0.5));
        assertEquals(SegmentEvaluator.meanAveragePrecision(b.truth(), b.detected(), 0.5),
                SegmentEvaluator.meanAveragePrecision(List.of(b), 0.5), 1e-12);
    }

    @Test
    void reportLinesPerSourceAndOverall() {
        List<Segment> truth = List.of(new Segment("wave", 0, 10));
        List<Event> found = List.of(new Event("wave", 0, 0, 10, 0.9), new Event("wave", 0, 30, 40, 0.4));
        assertEquals(List.of("truth: 1 segments, 2 events, IoU >= 0.50: precision 0.500 recall 1.000 F1 0.667 "
                        + "(tp 1, fp 1, fn 0)",
                "truth: mAP@0.3 1.000 mAP@0.5 1.000 mAP@0.7 1.000 (events ranked by peak score); mean boundary "
                        + "error 0.00 s (matched events)"), TruthReport.lines("", truth, found, 0.5));
        List<String> one = TruthReport.lines("a.mp4", truth, found, 0.5);
        assertEquals("truth: a.mp4: 1 segments, 2 events, IoU >= 0.50: precision 0.500 recall 1.000 F1 0.667 "
                + "(tp 1, fp 1, fn 0)", one.get(0));
        List<String> all = TruthReport.lines("all 2 sources", List.of(new SegmentEvaluator.Run(truth, found),
                new SegmentEvaluator.Run(truth, List.of())), 0.5);
        assertEquals("truth: all 2 sources: 2 segments, 2 events, IoU >= 0.50: precision 0.500 recall 0.500 "
                + "F1 0.500 (tp 1, fp 1, fn 1)", all.get(0));
        assertEquals("truth: all 2 sources: mAP@0.3 0.500", all.get(1).substring(0, 35));
    }
}
