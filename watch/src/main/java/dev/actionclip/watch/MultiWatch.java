package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Several sources watched at once with one model: each source has its own decoding thread, {@link WindowPlanner},
 * bounded window queue and {@link EventDetector} (a "lane"); one scoring thread (the caller's) takes the windows
 * that are ready across all lanes, round-robin, up to {@code batch} of them, and scores them in one forward pass
 * ({@link WindowScorer#scoreAll}). It never waits for a slow source: it takes what is ready and waits briefly only
 * when nothing is.
 *
 * <p>A live lane's queue drops windows by the watcher's policy when the model falls behind (counted per source); a
 * file lane's queue holds its decoder back instead, so a file loses nothing, as when watched alone. A source that
 * cannot be opened, fails or ends finishes its own lane (its open events are closed and its {@link SourceResult}
 * goes to {@link SourceListener#ended}) while the others go on. {@link ActionWatcher#stop()} ends every lane with
 * what was found.
 */
public final class MultiWatch {
    /** What one source of a multi-source watch found; {@code failed} when it ended on an error ({@code endReason}). */
    public record SourceResult(WatchSource source, ActionWatcher.Result result, boolean failed, double wallSeconds,
                               double realTimeFactor) {
        public String endReason() {
            return result.endReason();
        }
    }

    /**
     * What a multi-source watch found: one result per source (in the order given), and the shared model's work.
     *
     * @param forwardPasses batched forward passes of the model
     * @param windowsScored windows scored over all sources
     * @param framesPerWindow T, frames each window sends through the image tower
     */
    public record Result(List<SourceResult> sources, long forwardPasses, long windowsScored, int framesPerWindow,
                         double wallSeconds, boolean stopped) {
        public long framesDecoded() {
            return sources.stream().mapToLong(s -> s.result().framesDecoded()).sum();
        }

        /** Decoded frames per wall second over all sources. */
        public double framesPerSecond() {
            return wallSeconds <= 0 ? 0 : framesDecoded() / wallSeconds;
        }

        /** Frames through the image tower per wall second (windows scored x T). */
        public double modelFramesPerSecond() {
            return wallSeconds <= 0 ? 0 : windowsScored * (double) framesPerWindow / wallSeconds;
        }

        public double meanBatch() {
            return forwardPasses == 0 ? 0 : windowsScored / (double) forwardPasses;
        }

        public long eventCount() {
            return sources.stream().mapToLong(s -> s.result().events().size()).sum();
        }
    }

    /** Ends a decoder blocked on a full file queue once the run is aborted. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super("aborted", null, false, false);
        }
    }

    /** One source's pipeline up to the scorer. */
    private final class Lane {
        final WatchSource source;
        final FrameFeed feed;
        final WindowPlanner<float[]> planner;
        final EventDetector detector;
        final StreamStats stats;
        final LatestWindowQueue<Window<float[]>> live;
        final ArrayBlockingQueue<Window<float[]>> file;
        final Thread thread;
        volatile boolean decodeDone;
        volatile String error;
        boolean finished;
        long dropsMirrored;

        Lane(WatchSource source, FrameFeed feed, WindowPlanner<float[]> planner, EventDetector detector,
             StreamStats stats, int index) {
            this.source = source;
            this.feed = feed;
            this.planner = planner;
            this.detector = detector;
            this.stats = stats;
            if (source.live()) {
                live = new LatestWindowQueue<>(queueCapacity, dropPolicy);
                file = null;
            } else {
                live = null;
                file = new ArrayBlockingQueue<>(Math.max(queueCapacity, batch));
            }
            thread = new Thread(this::decode, "watch-decode-" + index);
            thread.setDaemon(true);
        }

        private void decode() {
            try {
                feed.run(this::offer);
                for (Window<float[]> w : planner.finish()) {
                    enqueue(w);
                }
            } catch (Aborted | InterruptedException e) {
                error = "aborted";
            } catch (RuntimeException | Error e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                decodeDone = true;
                signal();
            }
        }

        private void offer(long frameIndex, double timestamp, Supplier<float[]> frame, boolean cut)
                throws InterruptedException {
            for (Window<float[]> w : planner.offer(frameIndex, timestamp, frame, cut)) {
                enqueue(w);
            }
        }

        private void enqueue(Window<float[]> w) throws InterruptedException {
            if (live != null) {
                live.offer(w);
                mirrorDrops();
            } else {
                while (!file.offer(w, 50, TimeUnit.MILLISECONDS)) {
                    if (aborted) {
                        throw new Aborted();
                    }
                }
            }
            signal();
        }

        private synchronized void mirrorDrops() {
            long total = live.dropped();
            if (total > dropsMirrored) {
                stats.dropped(total - dropsMirrored);
                dropsMirrored = total;
            }
        }

        Window<float[]> poll() throws InterruptedException {
            return live != null ? live.poll(0, TimeUnit.NANOSECONDS) : file.poll();
        }

        boolean empty() {
            return live != null ? live.size() == 0 : file.isEmpty();
        }
    }

    private final WindowScorer<float[]> scorer;
    private final int batch;
    private final int queueCapacity;
    private final LatestWindowQueue.Policy dropPolicy;
    private final int framesPerWindow;
    private final List<Lane> lanes = new ArrayList<>();
    private final Object ready = new Object();
    private volatile boolean aborted;
    private volatile boolean stopped;

    /**
     * @param feeds    one feed per source
     * @param detector makes a source's detector from its listeners
     */
    MultiWatch(List<WatchSource> sources, List<FrameFeed> feeds, Supplier<WindowPlanner<float[]>> planners,
               java.util.function.BiFunction<WatchSource, SourceListener, EventDetector> detector,
               SourceListener listener, WindowScorer<float[]> scorer, int batch, int queueCapacity,
               LatestWindowQueue.Policy dropPolicy, int framesPerWindow) {
        this.scorer = scorer;
        this.batch = batch;
        this.queueCapacity = queueCapacity;
        this.dropPolicy = dropPolicy;
        this.framesPerWindow = framesPerWindow;
        for (int i = 0; i < sources.size(); i++) {
            WatchSource s = sources.get(i);
            lanes.add(new Lane(s, feeds.get(i), planners.get(), detector.apply(s, listener), new StreamStats(), i));
        }
    }

    /** Ends every source after the frame it is decoding; the run then finishes normally. */
    void stop() {
        stopped = true;
        for (Lane l : lanes) {
            l.feed.stop();
        }
    }

    private void signal() {
        synchronized (ready) {
            ready.notifyAll();
        }
    }

    /** Runs the scoring loop on the calling thread until every source has ended. */
    Result run(SourceListener listener) throws InterruptedException {
        long t0 = System.nanoTime();
        for (Lane l : lanes) {
            l.thread.start();
        }
        SourceResult[] results = new SourceResult[lanes.size()];
        long passes = 0;
        long scored = 0;
        int n = lanes.size();
        int next = 0;
        List<Window<float[]>> windows = new ArrayList<>(batch);
        List<Lane> owners = new ArrayList<>(batch);
        try {
            while (true) {
                windows.clear();
                owners.clear();
                // round-robin: at most one window per source per pass over the sources, so no source starves
                boolean took = true;
                while (took && windows.size() < batch) {
                    took = false;
                    for (int k = 0; k < n && windows.size() < batch; k++) {
                        Lane l = lanes.get((next + k) % n);
                        if (l.finished) {
                            continue;
                        }
                        Window<float[]> w = l.poll();
                        if (w != null) {
                            windows.add(w);
                            owners.add(l);
                            took = true;
                        }
                    }
                }
                next = (next + 1) % n;
                if (!windows.isEmpty()) {
                    score(windows, owners);
                    passes++;
                    scored += windows.size();
                }
                int open = 0;
                for (int i = 0; i < n; i++) {
                    Lane l = lanes.get(i);
                    if (!l.finished && l.decodeDone && l.empty()) {
                        results[i] = finish(l, t0);
                        listener.ended(results[i]);
                    }
                    if (!l.finished) {
                        open++;
                    }
                }
                if (open == 0) {
                    break;
                }
                if (windows.isEmpty()) {
                    synchronized (ready) {
                        if (!anythingToDo()) {
                            ready.wait(20);
                        }
                    }
                }
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            abort();
            throw e;
        }
        for (Lane l : lanes) {
            l.thread.join();
        }
        return new Result(List.of(results), passes, scored, framesPerWindow, (System.nanoTime() - t0) / 1e9,
                stopped);
    }

    private boolean anythingToDo() {
        for (Lane l : lanes) {
            if (!l.finished && (l.decodeDone || !l.empty())) {
                return true;
            }
        }
        return false;
    }

    private void score(List<Window<float[]>> windows, List<Lane> owners) {
        List<List<float[]>> frames = new ArrayList<>(windows.size());
        for (Window<float[]> w : windows) {
            frames.add(w.frames());
        }
        List<float[]> probs;
        try {
            probs = scorer.scoreAll(frames);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("scoring " + windows.size() + " windows failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < windows.size(); i++) {
            Window<float[]> w = windows.get(i);
            Lane l = owners.get(i);
            l.detector.accept(w.start(), w.end(), probs.get(i));
            l.stats.scored(w.start(), w.end());
        }
    }

    private SourceResult finish(Lane l, long t0) {
        l.finished = true;
        if (l.live != null) {
            l.mirrorDrops();
        }
        l.detector.finish();
        boolean failed = l.error != null && !l.feed.stopped();
        String reason = failed ? l.error : l.feed.endReason();
        ActionWatcher.Result r = new ActionWatcher.Result(l.detector.events(), l.stats, l.planner.framesSeen(),
                l.planner.framesIgnored(), l.planner.windowsSkipped(), l.feed.reconnects(), l.feed.stopped(), reason);
        double wall = (System.nanoTime() - t0) / 1e9;
        double rtf = wall <= 0 ? 0 : l.stats.mediaSeconds() / wall;
        return new SourceResult(l.source, r, failed, wall, rtf);
    }

    /** On a scoring failure or an interrupt: ends the decoders without finishing the lanes. */
    private void abort() {
        aborted = true;
        for (Lane l : lanes) {
            l.feed.stop();
            l.thread.interrupt();
        }
        for (Lane l : lanes) {
            try {
                l.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
