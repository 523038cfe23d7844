package dev.actionclip.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: done/total, rate, ETA and a free-text status (loss, lr...). It draws only
 * when stderr is a terminal (or when forced), and at most a few times a second, so logs and pipes stay clean.
 * Thread-safe.
 */
public final class ProgressBar implements AutoCloseable {
    private static final long MIN_REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String unit;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long total;
    private long done;
    private long lastDraw;
    private String status = "";
    private int lastWidth;

    /** A bar for {@code total} items (0 when unknown) that draws only on a terminal. */
    public ProgressBar(long total, String unit) {
        this(total, unit, System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    public ProgressBar(long total, String unit, PrintStream out, boolean enabled) {
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.enabled = enabled;
    }

    public synchronized void setTotal(long total) {
        this.total = total;
    }

    public synchronized void step(String newStatus) {
        done++;
        if (newStatus != null) {
            status = newStatus;
        }
        draw(false);
    }

    public synchronized void step() {
        step(null);
    }

    public synchronized void set(long value, String newStatus) {
        done = value;
        if (newStatus != null) {
            status = newStatus;
        }
        draw(false);
    }

    public synchronized long done() {
        return done;
    }

    /** Items per second since the bar started. */
    public synchronized double rate() {
        double secs = (System.nanoTime() - start) / 1e9;
        return secs > 0 ? done / secs : 0;
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_REDRAW_NANOS && done != total) {
            return;
        }
        lastDraw = now;
        String line = render();
        int pad = Math.max(0, lastWidth - line.length());
        lastWidth = line.length();
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
    }

    /** The current line, without carriage return (for tests and logs). */
    public synchronized String render() {
        double rate = rate();
        StringBuilder b = new StringBuilder();
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            b.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            b.append(done).append('/').append(total).append(' ').append(unit);
        } else {
            b.append(done).append(' ').append(unit);
        }
        b.append(String.format(Locale.ROOT, "  %.2f %s/s", rate, unit));
        if (total > 0 && rate > 0 && done < total) {
            b.append("  ETA ").append(formatSeconds((total - done) / rate));
        }
        if (!status.isEmpty()) {
            b.append("  ").append(status);
        }
        return b.toString();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        if (t >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }

    @Override
    public synchronized void close() {
        if (enabled && done > 0) {
            draw(true);
            out.println();
            out.flush();
        }
    }
}
