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
 * The event spans from the start of its first window at or above threshold to the end of its last window at or
 * above release. Events shorter than {@code minDuration} are dropped. Background labels ("nothing happening")
 * never make events, and while one is the top-1 smoothed label every other label counts as 0.
 *
 * <p>Events go to the listener as soon as they close; {@link #finish()} closes the ones still open at the end
 * of the stream. Not thread-safe: call from the thread that consumes the scores.
 */
public final class EventDetector {
    private final List<String> labels;
    private final double threshold;
    private final double release;
    private final double minDuration;
    private final Smoother smoother;
    private final boolean[] background;
    private final Consumer<Event> listener;
    private final Consumer<ScoredWindow> smoothedListener;
    private final Open[] open;
    private final List<Event> emitted = new ArrayList<>();
    private double lastStart = Double.NEGATIVE_INFINITY;
    private long windows;

    /** An event being held open for one label. */
    private static final class Open {
        double start;
        double end;
        double peak;
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
                close(c, closed);
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
        for (int c = 0; c < s.length; c++) {
            if (background[c]) {
                continue;
            }
            double v = suppressed ? 0 : s[c];
            Open e = open[c];
            if (e == null) {
                if (v >= threshold) {
                    e = new Open();
                    e.start = w.start();
                    e.end = w.end();
                    e.peak = v;
                    open[c] = e;
                }
            } else if (v >= release) {
                e.end = Math.max(e.end, w.end());
                e.peak = Math.max(e.peak, v);
            } else {
                close(c, closed);
            }
        }
    }

    private void close(int c, List<Event> closed) {
        Open e = open[c];
        open[c] = null;
        if (e.end - e.start + 1e-9 < minDuration) {
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
