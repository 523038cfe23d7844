package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class EventDetectorTest {
    private static final List<String> LABELS = List.of("wave", "jump", "nothing");

    /** Windows of 1 s every 1 s; scores(i) gives window i's probabilities. */
    private static void run(EventDetector d, int n, IntFunction<float[]> scores) {
        for (int i = 0; i < n; i++) {
            d.accept(i, i + 1, scores.apply(i));
        }
    }

    private static float[] p(double wave, double jump, double nothing) {
        return new float[] {(float) wave, (float) jump, (float) nothing};
    }

    @Test
    void labelHighForFiveSecondsIsOneEventEmittedBeforeFinish() {
        List<Event> heard = new ArrayList<>();
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").listener(heard::add).build();
        for (int i = 0; i < 30; i++) {
            d.accept(i, i + 1, i >= 10 && i < 15 ? p(0.9, 0.05, 0.05) : p(0.1, 0.1, 0.8));
            if (i == 14) {
                assertTrue(heard.isEmpty());
            }
            if (i == 15) {
                assertEquals(1, heard.size(), "the event is flushed on the first low window");
            }
        }
        assertTrue(d.finish().isEmpty());
        assertEquals(List.of(new Event("wave", 0, 10, 15, 0.9f)), heard);
        assertEquals(5.0, heard.get(0).duration(), 1e-9);
    }

    @Test
    void hysteresisSuppressesFlicker() {
        IntFunction<float[]> flicker = i -> i >= 5 && i < 15 ? p(i % 2 == 0 ? 0.6 : 0.4, 0.1, 0.3) : p(0.05, 0.05, 0.3);
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").build(); // release 0.35
        run(d, 20, flicker);
        d.finish();
        assertEquals(1, d.events().size());
        Event e = d.events().get(0);
        assertEquals(6, e.start(), 1e-9); // window 5 scores 0.4, window 6 is the first at 0.6
        assertEquals(15, e.end(), 1e-9);

        EventDetector noHysteresis = EventDetector.builder(LABELS).threshold(0.5).release(0.5).background("nothing").build();
        run(noHysteresis, 20, flicker);
        noHysteresis.finish();
        assertEquals(5, noHysteresis.events().size());
    }

    @Test
    void eventsShorterThanMinimumDurationAreDropped() {
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).minDuration(2.0).background("nothing").build();
        run(d, 20, i -> i == 3 ? p(0.9, 0, 0.1) : i >= 10 && i < 12 ? p(0, 0.9, 0.1) : p(0.1, 0.1, 0.8));
        d.finish();
        assertEquals(1, d.events().size());
        assertEquals("jump", d.events().get(0).label());
        assertEquals(2.0, d.events().get(0).duration(), 1e-9);
    }

    @Test
    void backgroundNeverEmitsAndSuppressesOthersWhileTop1() {
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").build();
        // 0..9: nothing 0.9 (no event). 10..14: wave 0.55 but nothing 0.6 is top-1 -> suppressed.
        // 15..19: wave 0.7 top-1 -> event. 20..24: nothing becomes top-1 again and cuts it.
        run(d, 25, i -> i < 10 ? p(0, 0.05, 0.9) : i < 15 ? p(0.55, 0, 0.6) : i < 20 ? p(0.7, 0, 0.3)
                : p(0.45, 0, 0.5));
        d.finish();
        assertEquals(List.of(new Event("wave", 0, 15, 20, 0.7f)), d.events());
        assertThrows(IllegalArgumentException.class,
                () -> EventDetector.builder(LABELS).background("idle").build());
    }

    @Test
    void finishClosesOpenEvents() {
        List<Event> heard = new ArrayList<>();
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").listener(heard::add).build();
        run(d, 10, i -> i >= 7 ? p(0.1, 0.8, 0.1) : p(0.1, 0.1, 0.8));
        assertTrue(heard.isEmpty());
        List<Event> last = d.finish();
        assertEquals(List.of(new Event("jump", 1, 7, 10, 0.8f)), last);
        assertEquals(last, heard);
    }

    @Test
    void movingAverageRemovesASingleWindowSpikeAndKeepsTimesAligned() {
        List<ScoredWindow> smoothed = new ArrayList<>();
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").smoothing(Smoother.movingAverage(3))
                .smoothedListener(smoothed::add).build();
        run(d, 30, i -> i == 4 || (i >= 10 && i < 15) ? p(0.9, 0.05, 0.05) : p(0.1, 0.1, 0.8));
        d.finish();
        assertEquals(30, smoothed.size());
        assertEquals(0.0, smoothed.get(0).start(), 1e-9);
        assertEquals((0.9 + 0.1 + 0.1) / 3, smoothed.get(4).scores()[0], 1e-6);
        assertEquals((0.1 + 0.1) / 2, smoothed.get(0).scores()[0], 1e-6);
        assertEquals(1, d.events().size());
        Event e = d.events().get(0);
        assertEquals(10, e.start(), 1e-9); // (0.1 + 0.9 + 0.9) / 3 = 0.63 at window 10
        assertEquals(15, e.end(), 1e-9); // window 15: (0.9 + 0.1 + 0.1) / 3 = 0.37 >= release 0.35 keeps it open
    }

    @Test
    void rejectsWrongScoreCountAndOutOfOrderWindows() {
        EventDetector d = EventDetector.builder(LABELS).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.accept(0, 1, new float[2]));
        assertTrue(e.getMessage().contains("2 scores for 3 labels"), e.getMessage());
        d.accept(5, 6, new float[3]);
        assertThrows(IllegalArgumentException.class, () -> d.accept(4, 5, new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> EventDetector.builder(LABELS).threshold(0.5).release(0.6).build());
    }

    @Test
    void overlappingWindowsPutEdgesHalfwayBetweenCentres() {
        // 2 s windows every 1 s: windows starting at 5..10 (centres 6..11) are high. The edges go halfway between
        // the centres of the last window out and the first in: 5.5 and 11.5, not the windows' edges 5 and 12.
        EventDetector d = EventDetector.builder(LABELS).threshold(0.5).background("nothing").build();
        for (int i = 0; i < 20; i++) {
            d.accept(i, i + 2, i >= 5 && i <= 10 ? p(0.9, 0.05, 0.05) : p(0.1, 0.1, 0.8));
        }
        d.finish();
        assertEquals(List.of(new Event("wave", 0, 5.5, 11.5, 0.9f)), d.events());
    }

    @Test
    void eventsOfALabelAFewSecondsApartMerge() {
        IntFunction<float[]> blip = i -> i == 5 ? p(0.1, 0.8, 0.1) : i < 10 ? p(0.8, 0.1, 0.1) : p(0.1, 0.1, 0.8);
        EventDetector split = EventDetector.builder(LABELS).threshold(0.5).background("nothing").build();
        run(split, 15, blip);
        split.finish();
        assertEquals(3, split.events().size()); // wave 0-5, jump 5-6, wave 6-10

        List<Event> heard = new ArrayList<>();
        EventDetector merged = EventDetector.builder(LABELS).threshold(0.5).background("nothing").mergeGap(1.0)
                .minWindows(2).listener(heard::add).build();
        for (int i = 0; i < 15; i++) {
            merged.accept(i, i + 1, blip.apply(i));
            if (i == 11) {
                assertTrue(heard.isEmpty(), "a closed event waits out the merge gap");
            }
        }
        merged.finish();
        // the wave pieces merge across the 1 s gap; the 1-window jump is dropped by minWindows(2)
        assertEquals(List.of(new Event("wave", 0, 0, 10, 0.8f)), merged.events());
        assertEquals(merged.events(), heard);
    }

    @Test
    void exclusiveModeLetsOnlyTheTopLabelHoldAnEvent() {
        IntFunction<float[]> handover = i -> i < 5 ? p(0.55, 0.45, 0) : p(0.45, 0.55, 0);
        EventDetector overlapping = EventDetector.builder(LABELS).threshold(0.4).build();
        run(overlapping, 10, handover);
        overlapping.finish();
        assertEquals(2, overlapping.events().size());
        assertEquals(0, overlapping.events().get(0).start(), 1e-9); // both labels held all along
        assertEquals(0, overlapping.events().get(1).start(), 1e-9);

        EventDetector exclusive = EventDetector.builder(LABELS).threshold(0.4).exclusive(true).build();
        run(exclusive, 10, handover);
        exclusive.finish();
        assertEquals(List.of(new Event("wave", 0, 0, 5, 0.55f), new Event("jump", 1, 5, 10, 0.55f)),
                exclusive.events());
    }
}
