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
}
