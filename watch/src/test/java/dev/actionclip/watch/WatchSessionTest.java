package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.watch.SegmentEvaluator.Result;
import dev.actionclip.watch.SegmentEvaluator.Segment;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole chain on a synthetic long "video" whose frames are their true label (-1 = nothing). */
class WatchSessionTest {
    private static final List<String> LABELS = List.of("wave", "jump", "clap", "nothing");
    private static final double FPS = 30;

    /** Ten minutes of alternating background gaps (3-15 s) and actions (5-20 s). */
    private static List<Segment> script(Random rnd, double length) {
        List<Segment> truth = new ArrayList<>();
        double t = 0;
        while (true) {
            t += 3 + rnd.nextDouble() * 12;
            double d = 5 + rnd.nextDouble() * 15;
            if (t + d > length) {
                return truth;
            }
            truth.add(new Segment(LABELS.get(rnd.nextInt(3)), t, t + d));
            t += d;
        }
    }

    private static int labelAt(List<Segment> truth, double t) {
        for (Segment s : truth) {
            if (t >= s.start() && t < s.end()) {
                return LABELS.indexOf(s.label());
            }
        }
        return 3;
    }

    /** A noisy fake model: the share of sampled frames showing each label, plus seeded noise, normalised. */
    private static WindowScorer<Integer> fakeModel(long seed) {
        Random noise = new Random(seed);
        return frames -> {
            float[] p = new float[LABELS.size()];
            for (int f : frames) {
                p[f] += 1f / frames.size();
            }
            float sum = 0;
            for (int c = 0; c < p.length; c++) {
                p[c] = Math.max(0, 0.05f + 0.8f * p[c] + (float) (noise.nextGaussian() * 0.08));
                sum += p[c];
            }
            for (int c = 0; c < p.length; c++) {
                p[c] /= sum;
            }
            return p;
        };
    }

    @Test
    void findsTheScriptedActionsOfATenMinuteVideo() throws InterruptedException {
        Random rnd = new Random(7);
        List<Segment> truth = script(rnd, 600);
        StringWriter jsonl = new StringWriter();
        List<Event> live = new ArrayList<>();
        EventWriter writer = new EventWriter(jsonl, EventWriter.Format.JSONL, "mem");
        EventDetector detector = EventDetector.builder(LABELS).threshold(0.5).minDuration(2).background("nothing")
                .smoothing(Smoother.movingAverage(3)).listener(e -> {
                    live.add(e);
                    writer.accept(e);
                }).build();
        StreamStats stats = new StreamStats();
        WindowPlanner<Integer> planner = new WindowPlanner<>(Span.parse("2s"), Span.parse("1s"), 8);
        int maxHeld = 0;
        try (WatchSession<Integer> session = new WatchSession<>(planner, fakeModel(1), detector, stats, null)) {
            for (long i = 0; i < 600 * FPS; i++) {
                double t = i / FPS;
                int label = labelAt(truth, t);
                session.offer(i, t, () -> label);
                maxHeld = Math.max(maxHeld, planner.heldFrames());
            }
            int beforeFinish = live.size();
            assertTrue(beforeFinish >= truth.size() - 1, "events are emitted while the stream runs");
            session.finish();
        }
        List<Event> events = detector.events();
        Result r = SegmentEvaluator.evaluate(truth, events, 0.5);
        System.out.printf("synthetic 10 min: %d true segments, %d events, P=%.3f R=%.3f F1=%.3f%n", truth.size(),
                events.size(), r.precision(), r.recall(), r.f1());
        assertTrue(r.f1() >= 0.9, r + " p=" + r.precision() + " r=" + r.recall() + " truth=" + truth.size());
        assertEquals(events.size(), jsonl.toString().split("\n").length);
        assertEquals(0, stats.windowsDropped());
        assertEquals(599, stats.windowsScored()); // [0,2) .. [598,600) plus nothing partial
        assertTrue(maxHeld <= 16, "held " + maxHeld);
    }

    @Test
    void asyncModeDropsWindowsWhenTheScorerFallsBehind() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        WindowScorer<Integer> slow = frames -> {
            release.await(30, TimeUnit.SECONDS);
            return new float[] {0.1f, 0.1f, 0.1f, 0.7f};
        };
        EventDetector detector = EventDetector.builder(LABELS).background("nothing").build();
        StreamStats stats = new StreamStats();
        WindowPlanner<Integer> planner = new WindowPlanner<>(Span.frames(16), Span.frames(8), 4);
        LatestWindowQueue<Window<Integer>> q = new LatestWindowQueue<>(2, LatestWindowQueue.Policy.DROP_OLDEST);
        WatchSession<Integer> session = new WatchSession<>(planner, slow, detector, stats, q);
        for (long i = 0; i < 800; i++) {
            session.offer(i, i / FPS, () -> 3);
        }
        release.countDown();
        session.finish();
        assertEquals(planner.windowsEmitted(), stats.windowsScored() + stats.windowsDropped());
        assertTrue(stats.windowsDropped() >= planner.windowsEmitted() - 3, stats.summary());
    }

    @Test
    void scorerFailureSurfacesOnTheCallerThread() {
        EventDetector detector = EventDetector.builder(LABELS).build();
        WindowPlanner<Integer> planner = new WindowPlanner<>(Span.frames(4), Span.frames(4), 2);
        WatchSession<Integer> session = new WatchSession<>(planner, frames -> {
            throw new java.io.IOException("model exploded");
        }, detector, new StreamStats(), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (long i = 0; i < 8; i++) {
                session.offer(i, i / FPS, () -> 0);
            }
        });
        assertTrue(e.getMessage().contains("model exploded"), e.getMessage());
    }
}
