package dev.actionclip.watch;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Ties the pieces of a watch run together: decoded frames go into the {@link WindowPlanner}; each completed
 * window is scored by the {@link WindowScorer}, its probabilities go into the {@link EventDetector} (whose
 * listeners write events, the score log and the timeline), and {@link StreamStats} counts.
 *
 * <p>Synchronous mode scores on the caller's thread (files: nothing is dropped). Asynchronous mode (a queue given)
 * hands windows to one scoring thread through a {@link LatestWindowQueue}, so a live decoder never waits for the
 * model; windows the queue drops are counted in the stats. The planner is used only from the caller's thread and
 * the detector only from the scoring thread.
 */
public final class WatchSession<F> implements AutoCloseable {
    private final WindowPlanner<F> planner;
    private final WindowScorer<F> scorer;
    private final EventDetector detector;
    private final StreamStats stats;
    private final LatestWindowQueue<Window<F>> queue;
    private final Thread worker;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean finished;
    private long dropsMirrored;

    /**
     * @param queue null to score synchronously; otherwise the hand-off to a scoring thread started here
     */
    public WatchSession(WindowPlanner<F> planner, WindowScorer<F> scorer, EventDetector detector, StreamStats stats,
                        LatestWindowQueue<Window<F>> queue) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.queue = queue;
        if (queue != null) {
            worker = new Thread(this::drain, "watch-scorer");
            worker.setDaemon(true);
            worker.start();
        } else {
            worker = null;
        }
    }

    /** Offers one decoded frame (see {@link WindowPlanner#offer(long, double, Supplier)}). */
    public void offer(long frameIndex, double timestamp, Supplier<F> frame) {
        offer(frameIndex, timestamp, frame, false);
    }

    /** Offers one decoded frame that may start a new shot (a {@link ShotCuts} cut): see the planner's offer. */
    public void offer(long frameIndex, double timestamp, Supplier<F> frame, boolean cut) {
        rethrow();
        for (Window<F> w : planner.offer(frameIndex, timestamp, frame, cut)) {
            handOff(w);
        }
    }

    private void handOff(Window<F> w) {
        if (queue == null) {
            score(w);
        } else {
            queue.offer(w);
            mirrorDrops();
        }
    }

    /** The queue counts its own drops; copy the new ones into the stats. */
    private void mirrorDrops() {
        long total = queue.dropped();
        if (total > dropsMirrored) {
            stats.dropped(total - dropsMirrored);
            dropsMirrored = total;
        }
    }

    private void score(Window<F> w) {
        float[] probs;
        try {
            probs = scorer.score(w.frames());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("scoring window " + w.index() + " [" + w.start() + ", " + w.end()
                    + ") s failed: " + e.getMessage(), e);
        }
        detector.accept(w.start(), w.end(), probs);
        stats.scored(w.start(), w.end());
    }

    private void drain() {
        try {
            for (Window<F> w; (w = queue.take()) != null; ) {
                score(w);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            queue.close();
        }
    }

    /**
     * Ends the stream: scores the partial tail window, waits for the scoring thread, closes open events.
     *
     * @return the events closed at the end (the earlier ones already went to the listener)
     */
    public List<Event> finish() throws InterruptedException {
        if (finished) {
            return List.of();
        }
        finished = true;
        for (Window<F> w : planner.finish()) {
            handOff(w);
        }
        if (queue != null) {
            queue.close();
            worker.join();
            mirrorDrops();
        }
        rethrow();
        return detector.finish();
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    public StreamStats stats() {
        return stats;
    }

    public WindowPlanner<F> planner() {
        return planner;
    }

    public EventDetector detector() {
        return detector;
    }

    /** Stops the scoring thread without finishing (on error paths); events still open are not emitted. */
    @Override
    public void close() {
        if (queue != null && !finished) {
            queue.close();
            worker.interrupt();
        }
    }
}
