package dev.actionclip.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Smooths per-window scores over time. Stateful: one instance per stream. A smoother may hold windows back (a
 * centred moving average needs the windows after the one it smooths), so {@link #push} returns the windows that
 * became final and {@link #flush} the rest at end of stream; output order is input order.
 */
public interface Smoother {
    List<ScoredWindow> push(ScoredWindow w);

    List<ScoredWindow> flush();

    /** No smoothing. */
    static Smoother none() {
        return movingAverage(1);
    }

    /**
     * Mean over {@code k} windows centred on each window (fewer at the stream's ends). Centring keeps event times
     * aligned with the video at the cost of {@code k / 2} windows of delay.
     */
    static Smoother movingAverage(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("moving average needs at least 1 window, got " + k);
        }
        return new MovingAverage(k);
    }

    /**
     * Exponential moving average {@code s = alpha * x + (1 - alpha) * s}: no delay, but event edges lag by about
     * {@code 1 / alpha - 1} windows.
     */
    static Smoother ema(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EMA alpha must be in (0, 1], got " + alpha);
        }
        return new Ema(alpha);
    }

    /** Parses {@code none}, {@code ma:K} or {@code ema:ALPHA} (the form a CLI option takes). */
    static Smoother parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        try {
            if (s.equals("none")) {
                return none();
            }
            if (s.startsWith("ma:")) {
                return movingAverage(Integer.parseInt(s.substring(3)));
            }
            if (s.startsWith("ema:")) {
                return ema(Double.parseDouble(s.substring(4)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad smoothing '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("bad smoothing '" + spec + "': expected none, ma:K or ema:ALPHA");
    }

    /** Centred moving average. */
    final class MovingAverage implements Smoother {
        private final int before;
        private final int after;
        private final ArrayDeque<ScoredWindow> recent = new ArrayDeque<>();
        private long pushed;
        private long emitted;

        MovingAverage(int k) {
            this.before = (k - 1) / 2;
            this.after = k - 1 - before;
        }

        @Override
        public List<ScoredWindow> push(ScoredWindow w) {
            recent.addLast(w);
            pushed++;
            List<ScoredWindow> out = new ArrayList<>(1);
            if (pushed - 1 - after >= emitted) {
                out.add(emitNext(pushed - 1));
            }
            return out;
        }

        @Override
        public List<ScoredWindow> flush() {
            List<ScoredWindow> out = new ArrayList<>();
            while (emitted < pushed) {
                out.add(emitNext(pushed - 1));
            }
            recent.clear();
            return out;
        }

        /** Emits window {@code emitted}, averaging those in [emitted - before, min(emitted + after, last)]. */
        private ScoredWindow emitNext(long last) {
            long target = emitted;
            long firstHeld = pushed - recent.size();
            long from = Math.max(firstHeld, target - before);
            long to = Math.min(last, target + after);
            ScoredWindow centre = null;
            float[] sum = null;
            long i = firstHeld;
            for (ScoredWindow w : recent) {
                if (i >= from && i <= to) {
                    if (sum == null) {
                        sum = new float[w.scores().length];
                    }
                    float[] x = w.scores();
                    for (int c = 0; c < sum.length; c++) {
                        sum[c] += x[c];
                    }
                }
                if (i == target) {
                    centre = w;
                }
                i++;
            }
            int n = (int) (to - from + 1);
            for (int c = 0; c < sum.length; c++) {
                sum[c] /= n;
            }
            emitted++;
            while (pushed - recent.size() < emitted - before) {
                recent.pollFirst();
            }
            return new ScoredWindow(centre.start(), centre.end(), sum);
        }
    }

    /** Exponential moving average. */
    final class Ema implements Smoother {
        private final double alpha;
        private float[] state;

        Ema(double alpha) {
            this.alpha = alpha;
        }

        @Override
        public List<ScoredWindow> push(ScoredWindow w) {
            float[] x = w.scores();
            if (state == null) {
                state = x.clone();
            } else {
                for (int c = 0; c < state.length; c++) {
                    state[c] = (float) (alpha * x[c] + (1 - alpha) * state[c]);
                }
            }
            return List.of(new ScoredWindow(w.start(), w.end(), state.clone()));
        }

        @Override
        public List<ScoredWindow> flush() {
            state = null;
            return List.of();
        }
    }
}
