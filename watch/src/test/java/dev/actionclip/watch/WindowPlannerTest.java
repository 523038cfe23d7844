package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {
    /** Feeds n frames at fps; the frame is its index. */
    private static List<Window<Long>> feed(WindowPlanner<Long> p, int n, double fps, int[] maxHeld) {
        List<Window<Long>> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll(p.offer(i, i / fps, Long.valueOf(i)));
            maxHeld[0] = Math.max(maxHeld[0], p.heldFrames());
        }
        return out;
    }

    @Test
    void secondsWindowsSampleSegmentMiddlesAndKeepFewFrames() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.parse("2s"), Span.parse("1s"), 8);
        int[] held = {0};
        List<Window<Long>> ws = feed(p, 300, 30, held); // 10 s at 30 fps
        // Windows [0,2) .. [7,9) complete; [8,10) needs a frame at t >= 10.
        assertEquals(8, ws.size());
        Window<Long> w0 = ws.get(0);
        assertEquals(0.0, w0.start(), 1e-9);
        assertEquals(2.0, w0.end(), 1e-9);
        // Segment middles 0.125, 0.375, ... -> first frame at or after: ceil(t * 30).
        assertArrayEquals(new long[] {4, 12, 19, 27, 34, 42, 49, 57}, w0.frameIndices());
        assertEquals(List.of(4L, 12L, 19L, 27L, 34L, 42L, 49L, 57L), w0.frames());
        Window<Long> w3 = ws.get(3);
        assertEquals(3.0, w3.start(), 1e-9);
        assertEquals(94, w3.frameIndices()[0]);
        assertFalse(w3.partial());
        // Two windows open at most, 8 frames each: never the 60 frames of a window.
        assertTrue(held[0] <= 16, "held " + held[0]);
        assertTrue(p.openWindows() <= 2);
    }

    @Test
    void framesAreMaterialisedOnlyWhenKeptAndOnceWhenShared() {
        WindowPlanner<Object> p = new WindowPlanner<>(Span.parse("16f"), Span.parse("8f"), 8);
        AtomicInteger made = new AtomicInteger();
        List<Window<Object>> ws = new ArrayList<>();
        for (long i = 0; i < 160; i++) {
            ws.addAll(p.offer(i, i / 25.0, () -> {
                made.incrementAndGet();
                return new Object();
            }));
        }
        assertEquals(19, ws.size()); // starts 0, 8, ..., 144
        // 16-frame windows sample every other frame; overlapping windows share, so 80 frames are made, not 152.
        assertEquals(80, made.get());
        assertArrayEquals(new long[] {1, 3, 5, 7, 9, 11, 13, 15}, ws.get(0).frameIndices());
        assertArrayEquals(new long[] {9, 11, 13, 15, 17, 19, 21, 23}, ws.get(1).frameIndices());
        assertEquals(0.0, ws.get(0).start(), 1e-9);
        assertEquals(16 / 25.0, ws.get(0).end(), 1e-9);
    }

    @Test
    void frameWindowIsEmittedOnItsLastFrame() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.frames(4), Span.frames(4), 2);
        for (long i = 0; i < 3; i++) {
            assertTrue(p.offer(i, i * 0.1, i).isEmpty());
        }
        List<Window<Long>> w = p.offer(3, 0.3, 3L);
        assertEquals(1, w.size());
        assertArrayEquals(new long[] {1, 3}, w.get(0).frameIndices());
    }

    @Test
    void sparseStreamRepeatsFramesAndGapsSkipWindows() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.seconds(2), Span.seconds(2), 8);
        List<Window<Long>> ws = new ArrayList<>();
        for (long i = 0; i < 4; i++) { // 2 fps: 0, 0.5, 1.0, 1.5
            ws.addAll(p.offer(i, i * 0.5, i));
        }
        ws.addAll(p.offer(4, 2.0, 4L));
        assertEquals(1, ws.size());
        assertArrayEquals(new long[] {1, 1, 2, 2, 3, 3, 3, 3}, ws.get(0).frameIndices());
        // A 7 s gap: [2,4) saw only frame 4, before its first sample point, so it has nothing to score;
        // [4,6) and [6,8) see no frame at all. All three are skipped.
        List<Window<Long>> after = p.offer(5, 9.0, 5L);
        assertTrue(after.isEmpty());
        assertEquals(3, p.windowsSkipped());
        assertEquals(1, p.openWindows()); // [8,10)
    }

    @Test
    void ignoresNonIncreasingFramesAndCountsThem() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.seconds(1), Span.seconds(1), 2);
        p.offer(0, 0.0, 0L);
        p.offer(1, 0.0, 1L);
        p.offer(0, 0.5, 2L);
        assertEquals(2, p.framesIgnored());
        assertEquals(1, p.framesSeen());
        assertThrows(IllegalArgumentException.class, () -> p.offer(5, Double.NaN, 5L));
    }

    @Test
    void finishEmitsTheUncoveredTailAsPartial() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.seconds(2), Span.seconds(1), 4);
        int[] held = {0};
        List<Window<Long>> ws = feed(p, 75, 30, held); // 2.5 s: [0,2) complete, [1,3) and [2,4) open
        assertEquals(1, ws.size());
        List<Window<Long>> tail = p.finish();
        assertEquals(1, tail.size());
        Window<Long> w = tail.get(0);
        assertTrue(w.partial());
        assertEquals(1.0, w.start(), 1e-9);
        assertEquals(2.5, w.end(), 1e-6);
        assertEquals(4, w.frames().size());
        assertEquals(0, p.openWindows());
    }

    @Test
    void shortClipGivesOnePartialWindowAndExactEndGivesNone() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.seconds(4), Span.seconds(2), 8);
        int[] held = {0};
        assertTrue(feed(p, 30, 30, held).isEmpty());
        assertEquals(1, p.finish().size());

        WindowPlanner<Long> q = new WindowPlanner<>(Span.frames(10), Span.frames(10), 2);
        assertEquals(2, feed(q, 20, 10, held).size());
        assertTrue(q.finish().isEmpty());
    }

    @Test
    void rejectsMixedUnitsAndZeroSamples() {
        assertThrows(IllegalArgumentException.class,
                () -> new WindowPlanner<>(Span.seconds(2), Span.frames(8), 8));
        assertThrows(IllegalArgumentException.class,
                () -> new WindowPlanner<>(Span.seconds(2), Span.seconds(1), 0));
    }

    @Test
    void strideLongerThanWindowLeavesGapsWithoutSkipping() {
        WindowPlanner<Long> p = new WindowPlanner<>(Span.seconds(1), Span.seconds(5), 4);
        int[] held = {0};
        List<Window<Long>> ws = feed(p, 20 * 30 + 1, 30, held);
        assertEquals(4, ws.size()); // [0,1) [5,6) [10,11) [15,16)
        assertEquals(15.0, ws.get(3).start(), 1e-9);
        assertEquals(0, p.windowsSkipped());
        assertTrue(held[0] <= 4);

        WindowPlanner<Long> f = new WindowPlanner<>(Span.frames(8), Span.frames(32), 4);
        List<Window<Long>> fw = feed(f, 100, 30, held);
        assertEquals(3, fw.size()); // starts 0, 32, 64; the one at 96 is still open
        assertArrayEquals(new long[] {33, 35, 37, 39}, fw.get(1).frameIndices());
    }

    @Test
    void shotCutsRestartTheGridAndNoWindowSpansOne() {
        // 8 s at 8 fps, cuts at 3 s and 4.5 s (frames 24 and 36); 2 s windows every 1 s.
        WindowPlanner<Long> p = new WindowPlanner<>(Span.parse("2s"), Span.parse("1s"), 8);
        List<Window<Long>> ws = new ArrayList<>();
        for (long i = 0; i < 64; i++) {
            long frame = i;
            ws.addAll(p.offer(i, i / 8.0, () -> frame, i == 24 || i == 36));
        }
        ws.addAll(p.finish());
        List<String> spans = ws.stream().map(w -> w.start() + "-" + w.end() + (w.partial() ? "p" : "")).toList();
        // [2,4) crossed the first cut and [1,3) had already covered its shot: dropped. The 1.5 s shot [3,4.5) is
        // shorter than a window: its window is emitted short. [4,6) crossed the second cut: dropped.
        assertEquals(List.of("0.0-2.0", "1.0-3.0", "3.0-4.5p", "4.5-6.5", "5.5-7.5", "6.5-8.0p"), spans);
        assertEquals(2, p.windowsCut());
        // the short window's missing slots repeat its last frame before the cut (35), never a frame after it
        assertArrayEquals(new long[] {25, 27, 29, 31, 33, 35, 35, 35}, ws.get(2).frameIndices());
        // without cuts the same frames give the plain grid
        WindowPlanner<Long> plain = new WindowPlanner<>(Span.parse("2s"), Span.parse("1s"), 8);
        assertEquals(6, feed(plain, 64, 8, new int[1]).size()); // [0,2) .. [5,7)
    }
}
