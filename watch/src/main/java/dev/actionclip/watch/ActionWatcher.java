package dev.actionclip.watch;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Watches a long video or a live stream for actions: decodes it ({@link WatchSource}), cuts it into sliding windows
 * ({@link WindowPlanner}), scores each window ({@link WindowScorer}, normally a {@link ModelWindowScorer}) and turns
 * the scores into timed events ({@link EventDetector}). Memory stays flat for any length: only the open windows'
 * sampled frames are held, and a frame is preprocessed only when some window keeps it.
 *
 * <p>Files are scored on the calling thread, so nothing is skipped. Live sources are scored on a separate thread
 * behind a {@link LatestWindowQueue}, so decoding never waits for the model (windows it cannot keep up with are
 * dropped and counted), and a dropped network connection is reopened with back-off ({@link Reconnector}).
 *
 * <pre>{@code
 * ActionWatcher w = ActionWatcher.builder().model(model, bank).window(Span.seconds(2)).stride(Span.seconds(1))
 *         .threshold(0.6).build();
 * ActionWatcher.Result r = w.watch(WatchSource.parse("rtsp://cam/stream", false, Duration.ofSeconds(10)),
 *         new WatchListener() { public void event(Event e) { System.out.println(e); } });
 * }</pre>
 * One watcher may run {@link #watch} many times, one call at a time; {@link #stop()} ends the running call early
 * (from another thread or a shutdown hook) with the events found so far.
 */
public final class ActionWatcher {
    private final WindowScorer<float[]> scorer;
    private final List<String> labels;
    private final int resolution;
    private final Span window;
    private final Span stride;
    private final int frames;
    private final double threshold;
    private final double release;
    private final double minDuration;
    private final double mergeGap;
    private final boolean shotCuts;
    private final boolean exclusive;
    private final int minWindows;
    private final Supplier<Smoother> smoothing;
    private final List<String> background;
    private final int queueCapacity;
    private final LatestWindowQueue.Policy dropPolicy;
    private final long reconnectInitialMillis;
    private final long reconnectMaxMillis;
    private final int reconnectAttempts;
    private final int batch;
    private volatile FrameFeed running;
    private volatile MultiWatch runningAll;

    /** What a finished watch found. */
    public record Result(List<Event> events, StreamStats stats, long framesDecoded, long framesIgnored,
                         long windowsSkipped, int reconnects, boolean stopped, String endReason) {
    }

    private ActionWatcher(Builder b) {
        this.scorer = Objects.requireNonNull(b.scorer, "a model (or a window scorer) is required");
        this.labels = List.copyOf(b.labels);
        this.resolution = b.resolution;
        this.window = b.window;
        this.stride = b.stride;
        this.frames = b.frames;
        this.threshold = b.threshold;
        this.release = b.release;
        this.minDuration = b.minDuration;
        this.mergeGap = b.mergeGap;
        this.shotCuts = b.shotCuts;
        this.exclusive = b.exclusive;
        this.minWindows = b.minWindows;
        this.smoothing = b.smoothing;
        this.background = List.copyOf(b.background);
        this.queueCapacity = b.queue;
        this.dropPolicy = b.drop;
        this.reconnectInitialMillis = b.reconnectInitialMillis;
        this.reconnectMaxMillis = b.reconnectMaxMillis;
        this.reconnectAttempts = b.reconnectAttempts;
        this.batch = b.batch;
        // Fail on bad settings now rather than on the first window.
        new WindowPlanner<float[]>(window, stride, frames);
        detector(e -> { }, w -> { });
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> labels() {
        return labels;
    }

    /**
     * Watches {@code source} to its end (a file), until it cannot be reopened (a live stream), or until
     * {@link #stop()}. Events go to the listener as they end; the ones still open at the end are closed and
     * reported too.
     *
     * @throws dev.actionclip.video.VideoReadException when the source cannot be opened at all, or a file is damaged
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Result watch(WatchSource source, WatchListener listener) throws InterruptedException {
        WatchListener l = listener == null ? new WatchListener() { } : listener;
        EventDetector detector = detector(l::event, l::window);
        StreamStats stats = new StreamStats();
        LatestWindowQueue<Window<float[]>> queue = source.live()
                ? new LatestWindowQueue<>(queueCapacity, dropPolicy) : null;
        WindowPlanner<float[]> planner = new WindowPlanner<>(window, stride, frames);
        FrameFeed feed = new FrameFeed(source, resolution, reconnectInitialMillis, reconnectMaxMillis,
                reconnectAttempts, l, shotCuts ? ShotCuts.standard() : null);
        running = feed;
        try (WatchSession<float[]> session = new WatchSession<>(planner, scorer, detector, stats, queue)) {
            feed.run(session::offer);
            session.finish();
            return new Result(detector.events(), stats, planner.framesSeen(), planner.framesIgnored(),
                    planner.windowsSkipped(), feed.reconnects(), feed.stopped(), feed.endReason());
        } finally {
            running = null;
        }
    }

    /**
     * Watches several sources at once with one model (see {@link MultiWatch}): each source is decoded on its own
     * thread, and the windows ready across all sources are scored together, up to {@link Builder#batch} windows per
     * forward pass, on the calling thread. Every source runs to its own end; one that cannot be opened or fails
     * ends with its reason in its {@link MultiWatch.SourceResult} while the others go on. {@link #stop()} ends all.
     *
     * @throws InterruptedException when the calling thread is interrupted
     */
    public MultiWatch.Result watchAll(List<WatchSource> sources, SourceListener listener)
            throws InterruptedException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources to watch");
        }
        SourceListener l = listener == null ? new SourceListener() { } : listener;
        List<FrameFeed> feeds = new ArrayList<>();
        for (WatchSource s : sources) {
            WatchListener notices = new WatchListener() {
                @Override
                public void notice(String message) {
                    l.notice(s, message);
                }
            };
            feeds.add(new FrameFeed(s, resolution, reconnectInitialMillis, reconnectMaxMillis, reconnectAttempts,
                    notices, shotCuts ? ShotCuts.standard() : null));
        }
        MultiWatch multi = new MultiWatch(sources, feeds, () -> new WindowPlanner<>(window, stride, frames),
                (s, sl) -> detector(e -> sl.event(s, e), w -> sl.window(s, w)), l, scorer, batch, queueCapacity,
                dropPolicy, frames);
        runningAll = multi;
        try {
            return multi.run(l);
        } finally {
            runningAll = null;
        }
    }

    /** The same run as {@link #watch}, on a background thread, as an iterator of windows and events. */
    public WatchStream stream(WatchSource source) {
        return new WatchStream(this, source);
    }

    /** Asks the running {@link #watch} to end after the frame it is decoding; it then finishes normally. */
    public void stop() {
        FrameFeed f = running;
        if (f != null) {
            f.stop();
        }
        MultiWatch m = runningAll;
        if (m != null) {
            m.stop();
        }
    }

    private EventDetector detector(java.util.function.Consumer<Event> events,
                                   java.util.function.Consumer<ScoredWindow> windows) {
        EventDetector.Builder d = EventDetector.builder(labels).threshold(threshold).minDuration(minDuration)
                .mergeGap(mergeGap).minWindows(minWindows).exclusive(exclusive).smoothing(smoothing.get())
                .background(background).listener(events).smoothedListener(windows);
        if (!Double.isNaN(release)) {
            d.release(release);
        }
        return d.build();
    }

    /**
     * Settings of an {@link ActionWatcher}. Defaults: 2 s windows every 1 s restarted at shot cuts, 8 frames,
     * a centred mean over 3 windows, threshold 0.4 (release 0.28), only the top-1 label holds an event, events need 2
     * windows. Tuned with scripts/watch-sweep on scripts/demo's model (seeds 1-3; see the README for held-out seeds).
     */
    public static final class Builder {
        private WindowScorer<float[]> scorer;
        private List<String> labels = List.of();
        private int resolution;
        private Span window = Span.seconds(2);
        private Span stride = Span.seconds(1);
        private int frames = 8;
        private double threshold = 0.4;
        private double release = Double.NaN;
        private double minDuration;
        private double mergeGap;
        private boolean shotCuts = true;
        private boolean exclusive = true;
        private int minWindows = 2;
        private Supplier<Smoother> smoothing = () -> Smoother.movingAverage(3);
        private final List<String> background = new ArrayList<>();
        private int queue = 4;
        private LatestWindowQueue.Policy drop = LatestWindowQueue.Policy.DROP_OLDEST;
        private long reconnectInitialMillis = 500;
        private long reconnectMaxMillis = 30_000;
        private int reconnectAttempts = 10;
        private int batch = 4;

        private Builder() {
        }

        /** Scores windows with an ActionCLIP model against the labels of {@code bank}. */
        public Builder model(ActionClipModel model, TextBank bank) {
            return scorer(new ModelWindowScorer(model, new ZeroShotScorer(bank)), bank.labels(), model.resolution());
        }

        /**
         * Any window scorer: it receives the window's frames preprocessed for CLIP at {@code resolution}
         * ([3, R, R] floats each) and returns one probability per label.
         */
        public Builder scorer(WindowScorer<float[]> s, List<String> labelNames, int inputResolution) {
            if (labelNames.isEmpty()) {
                throw new IllegalArgumentException("no labels to watch for");
            }
            if (inputResolution < 1) {
                throw new IllegalArgumentException("input resolution must be positive, got " + inputResolution);
            }
            this.scorer = s;
            this.labels = labelNames;
            this.resolution = inputResolution;
            return this;
        }

        public Builder window(Span v) {
            this.window = v;
            return this;
        }

        public Builder stride(Span v) {
            this.stride = v;
            return this;
        }

        /** Frames sampled per window (T). */
        public Builder frames(int v) {
            this.frames = v;
            return this;
        }

        public Builder threshold(double v) {
            this.threshold = v;
            return this;
        }

        /** NaN: 0.7 x threshold. */
        public Builder release(double v) {
            this.release = v;
            return this;
        }

        public Builder minDuration(double seconds) {
            this.minDuration = seconds;
            return this;
        }

        /** Events of one label at most this many seconds apart become one event. */
        public Builder mergeGap(double seconds) {
            this.mergeGap = seconds;
            return this;
        }

        /** Restart the windows at shot cuts, so that no window spans one (default on; see {@link ShotCuts}). */
        public Builder shotCuts(boolean on) {
            this.shotCuts = on;
            return this;
        }

        /** Events held by fewer smoothed windows are dropped (default 2: one window alone is a misread). */
        public Builder minWindows(int n) {
            this.minWindows = n;
            return this;
        }

        /** Only the top-1 label may hold an event (default on; off lets events of different labels overlap). */
        public Builder exclusive(boolean on) {
            this.exclusive = on;
            return this;
        }

        /** Smoothing spec: {@code none}, {@code ma:K}, {@code ema:A} (a fresh smoother per watch). */
        public Builder smoothing(String spec) {
            Smoother.parse(spec);
            this.smoothing = () -> Smoother.parse(spec);
            return this;
        }

        public Builder background(List<String> names) {
            background.addAll(names);
            return this;
        }

        /** Windows waiting for the model on a live source before some are dropped. */
        public Builder queue(int capacity, LatestWindowQueue.Policy policy) {
            if (capacity < 1) {
                throw new IllegalArgumentException("--queue must be at least 1, got " + capacity);
            }
            this.queue = capacity;
            this.drop = Objects.requireNonNull(policy, "drop policy");
            return this;
        }

        /**
         * Reopening a dropped live source: first wait {@code initialMillis}, doubling up to {@code maxMillis};
         * give up after {@code attempts} consecutive failures (0: never).
         */
        public Builder reconnect(long initialMillis, long maxMillis, int attempts) {
            if (attempts < 0 || initialMillis < 0 || maxMillis < initialMillis) {
                throw new IllegalArgumentException("reconnect: need 0 <= initial <= max delay and attempts >= 0");
            }
            this.reconnectInitialMillis = initialMillis;
            this.reconnectMaxMillis = maxMillis;
            this.reconnectAttempts = attempts;
            return this;
        }

        /** Several sources ({@link #watchAll}): at most this many windows per forward pass of the model. */
        public Builder batch(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + windows);
            }
            this.batch = windows;
            return this;
        }

        public ActionWatcher build() {
            return new ActionWatcher(this);
        }
    }
}
