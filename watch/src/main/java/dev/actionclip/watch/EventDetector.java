package dev.actionclip.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns per-window label probabilities into timed events. Scores are smoothed over time, then each label runs a
 * hysteresis state machine: an event opens when the smoothed score reaches {@code threshold} and closes when it
 * falls below {@code release} (lower, so scores flickering around the threshold give one event, not many).
 *
 * <p>Boundaries: overlapping windows share media, so an edge is put halfway between the centres of the last window
 * out and the first window in (never outside the first window in), not at the first window's start: that would
 * stretch every event by about {@code window - stride} and put the edge up to a window early. Windows that do not
 * overlap (stride = window, or windows cut short at a shot cut) keep their own edges.
 *
 * <p>Exclusive mode (the watcher's default) lets only the top-1 smoothed label hold an event, the others counting
 * as 0: the scores are one softmax over mutually exclusive labels, so two labels are never both "on", and without
 * it the smoothing and the lower release stretch the ending action well into the next one.
 *
 * <p>Two events of a label whose gap is at most {@code mergeGap} are one event (a window or two misread inside an
 * action must not split it in two); events shorter than {@code minDuration}, or held by fewer than
 * {@code minWindows} smoothed windows, are then dropped: after smoothing, an event of one window is what a single
 * misread window leaves behind (on scripts/watch-eval's tuning videos, 3 of the 4 false alarms left after
 * smoothing were such; counting windows rather than seconds holds for any window, stride and shot length).
 * Background labels ("nothing happening") never make events, and while one is the top-1 smoothed label every other
 * label counts as 0.
 *
 * <p>Events go to the listener once they can no longer grow or merge (at most {@code mergeGap} after they close);
 * {@link #finish()} closes the ones still open at the end of the stream. Not thread-safe: call from the thread that
 * consumes the scores.
 */
public final class EventDetector {
    private final List<String> labels;
    private final double threshold;
    private final double release;
    private final double minDuration;
    private final double mergeGap;
    private final int minWindows;
    private final boolean exclusive;
    private final Smoother smoother;
    private final boolean[] background;
    private final Consumer<Event> listener;
    private final Consumer<ScoredWindow> smoothedListener;
    private final Open[] open;
    private final Open[] pending;
    private ScoredWindow previous;
    private final List<Event> emitted = new ArrayList<>();
    private double lastStart = Double.NEGATIVE_INFINITY;
    private long windows;

    /** An event being held open (or closed but still able to merge) for one label. */
    private static final class Open {
        double start;
        double end;
        double peak;
        int windows;
        ScoredWindow last;
    }

    private EventDetector(Builder b) {
        this.labels = List.copyOf(b.labels);
        this.threshold = b.threshold;
        this.release = Double.isNaN(b.release) ? b.threshold * 0.7 : b.release;
        if (!(release <= threshold)) {
            throw new IllegalArgumentException("release (" + release + ") must not exceed threshold (" + threshold
                    + ")");
        }
        this.minDuration = b.minDuration;
        this.mergeGap = b.mergeGap;
        this.minWindows = b.minWindows;
        this.exclusive = b.exclusive;
        this.smoother = b.smoother;
        this.background = new boolean[labels.size()];
        for (String bg : b.background) {
            int i = labels.indexOf(bg);
            if (i < 0) {
                throw new IllegalArgumentException("background label '" + bg + "' is not one of the labels");
            }
            background[i] = true;
        }
        this.listener = b.listener;
        this.smoothedListener = b.smoothedListener;
        this.open = new Open[labels.size()];
        this.pending = new Open[labels.size()];
    }

    public static Builder builder(List<String> labels) {
        return new Builder(labels);
    }

    /**
     * Adds one window's probabilities (one per label, in label order). Windows must come in time order.
     *
     * @return the events that closed because of this window (also given to the listener)
     */
    public List<Event> accept(double start, double end, float[] probs) {
        if (probs.length != labels.size()) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") s has " + probs.length
                    + " scores for " + labels.size() + " labels");
        }
        if (start < lastStart) {
            throw new IllegalArgumentException("window starting at " + start + " s comes after one starting at "
                    + lastStart + " s: windows must be in time order");
        }
        lastStart = start;
        List<Event> closed = new ArrayList<>();
        for (ScoredWindow w : smoother.push(new ScoredWindow(start, end, probs.clone()))) {
            step(w, closed);
        }
        return closed;
    }

    /** Ends the stream: smooths the held-back windows and closes every open event. */
    public List<Event> finish() {
        List<Event> closed = new ArrayList<>();
        for (ScoredWindow w : smoother.flush()) {
            step(w, closed);
        }
        for (int c = 0; c < open.length; c++) {
            if (open[c] != null) {
                close(c, null, closed);
            }
            if (pending[c] != null) {
                emit(c, closed);
            }
        }
        return closed;
    }

    private void step(ScoredWindow w, List<Event> closed) {
        windows++;
        if (smoothedListener != null) {
            smoothedListener.accept(w);
        }
        float[] s = w.scores();
        int top = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c] > s[top]) {
                top = c;
            }
        }
        boolean suppressed = background[top];
        double start = edge(previous, w);
        for (int c = 0; c < s.length; c++) {
            if (background[c]) {
                continue;
            }
            double v = suppressed || (exclusive && c != top) ? 0 : s[c];
            if (pending[c] != null && start - pending[c].end > mergeGap + 1e-9) {
                emit(c, closed);
            }
            Open e = open[c];
            if (e == null) {
                if (v >= threshold) {
                    if (pending[c] != null) {
                        e = pending[c]; // within mergeGap of the last event of this label: continue it
                        pending[c] = null;
                    } else {
                        e = new Open();
                        e.start = start;
                    }
                    e.last = w;
                    e.peak = Math.max(e.peak, v);
                    e.windows++;
                    open[c] = e;
                }
            } else if (v >= release) {
                e.last = w;
                e.peak = Math.max(e.peak, v);
                e.windows++;
            } else {
                close(c, w, closed);
            }
        }
        previous = w;
    }

    /**
     * Where the media of {@code w} begins to count as its own: halfway between its centre and the centre of the
     * window before when the two overlap, else its start.
     */
    private static double edge(ScoredWindow before, ScoredWindow w) {
        if (before == null || before.end() <= w.start()) {
            return w.start();
        }
        return Math.max(w.start(), (before.middle() + w.middle()) / 2);
    }

    /** Closes label {@code c}'s event before window {@code next} (null: the stream ended). */
    private void close(int c, ScoredWindow next, List<Event> closed) {
        Open e = open[c];
        open[c] = null;
        e.end = next == null ? e.last.end() : Math.min(e.last.end(), Math.max(e.start, edge(e.last, next)));
        pending[c] = e;
        if (mergeGap <= 0 || next == null) {
            emit(c, closed);
        }
    }

    private void emit(int c, List<Event> closed) {
        Open e = pending[c];
        pending[c] = null;
        if (e.end - e.start + 1e-9 < minDuration || e.windows < minWindows) {
            return;
        }
        Event ev = new Event(labels.get(c), c, e.start, e.end, e.peak);
        emitted.add(ev);
        closed.add(ev);
        if (listener != null) {
            listener.accept(ev);
        }
    }

    public List<String> labels() {
        return labels;
    }

    public double threshold() {
        return threshold;
    }

    public double release() {
        return release;
    }

    public double mergeGap() {
        return mergeGap;
    }

    /** Smoothed windows processed so far. */
    public long windows() {
        return windows;
    }

    /** Every event emitted so far, in closing order. */
    public List<Event> events() {
        return List.copyOf(emitted);
    }

    /** Options of an {@link EventDetector}. */
    public static final class Builder {
        private final List<String> labels;
        private double threshold = 0.5;
        private double release = Double.NaN;
        private double minDuration;
        private double mergeGap;
        private int minWindows = 1;
        private boolean exclusive;
        private Smoother smoother = Smoother.none();
        private final Set<String> background = new HashSet<>();
        private Consumer<Event> listener;
        private Consumer<ScoredWindow> smoothedListener;

        private Builder(List<String> labels) {
            if (labels == null || labels.isEmpty()) {
                throw new IllegalArgumentException("the event detector needs at least one label");
            }
            this.labels = labels;
        }

        /** Smoothed score that opens an event (default 0.5). */
        public Builder threshold(double t) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], got " + t);
            }
            this.threshold = t;
            return this;
        }

        /** Smoothed score below which an open event closes (default 0.7 x threshold). */
        public Builder release(double r) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("release must be in [0, 1], got " + r);
            }
            this.release = r;
            return this;
        }

        /** Events shorter than this many seconds are dropped (default 0). */
        public Builder minDuration(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("minimum duration must be >= 0 s, got " + seconds);
            }
            this.minDuration = seconds;
            return this;
        }

        /** Events held by fewer smoothed windows than this are dropped (default 1: none). */
        public Builder minWindows(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minimum windows per event must be >= 1, got " + n);
            }
            this.minWindows = n;
            return this;
        }

        /** Events of one label at most this many seconds apart are merged into one (default 0: never). */
        public Builder mergeGap(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("merge gap must be >= 0 s, got " + seconds);
            }
            this.mergeGap = seconds;
            return this;
        }

        /** Only the top-1 smoothed label may hold an event (default false: any label over the threshold). */
        public Builder exclusive(boolean on) {
            this.exclusive = on;
            return this;
        }

        public Builder smoothing(Smoother s) {
            this.smoother = Objects.requireNonNull(s, "smoother");
            return this;
        }

        public Builder background(String... names) {
            background.addAll(List.of(names));
            return this;
        }

        public Builder background(Iterable<String> names) {
            names.forEach(background::add);
            return this;
        }

        /** Called with each event as soon as it closes. */
        public Builder listener(Consumer<Event> l) {
            this.listener = l;
            return this;
        }

        /** Called with each smoothed window (for a score log or a timeline). */
        public Builder smoothedListener(Consumer<ScoredWindow> l) {
            this.smoothedListener = l;
            return this;
        }

        public EventDetector build() {
            return new EventDetector(this);
        }
    }
}
