package dev.actionclip.cli;

import dev.actionclip.watch.ActionWatcher;
import dev.actionclip.watch.Event;
import dev.actionclip.watch.EventWriter;
import dev.actionclip.watch.MultiWatch;
import dev.actionclip.watch.SourceListener;
import dev.actionclip.watch.WatchSource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch} with several SOURCEs: event rows carry their source, each source gets its own summary when it
 * ends, and one line sums up the shared model. Ctrl-C stops every source and still flushes what was found.
 */
final class MultiSourceRun {
    private final ActionWatcher watcher;
    private final EventWriter events;
    private final PrintWriter err;

    MultiSourceRun(ActionWatcher watcher, EventWriter events, PrintWriter err) {
        this.watcher = watcher;
        this.events = events;
        this.err = err;
    }

    int run(List<WatchSource> all) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            watcher.stop();
            try {
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            MultiWatch.Result r;
            try {
                r = watcher.watchAll(all, listener());
            } finally {
                events.close();
            }
            long failed = r.sources().stream().filter(MultiWatch.SourceResult::failed).count();
            err.printf(Locale.ROOT, "watch: %d sources: %d events, %d frames decoded in %.1f s (%.1f frames/s); "
                            + "%d windows scored in %d forward passes (%.1f per pass, %.1f model frames/s)%s%n",
                    r.sources().size(), r.eventCount(), r.framesDecoded(), r.wallSeconds(), r.framesPerSecond(),
                    r.windowsScored(), r.forwardPasses(), r.meanBatch(), r.modelFramesPerSecond(),
                    r.stopped() ? " (stopped)" : failed > 0 ? " (" + failed + " failed)" : "");
            err.flush();
            if (failed == r.sources().size()) {
                throw new UserInputException("no source could be watched: " + r.sources().get(0).source() + ": "
                        + r.sources().get(0).endReason());
            }
            return Main.EXIT_OK;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is waiting for 'done', released above
            }
        }
    }

    private SourceListener listener() {
        return new SourceListener() {
            @Override
            public void event(WatchSource s, Event e) {
                events.write(s.spec(), e);
            }

            @Override
            public void notice(WatchSource s, String message) {
                synchronized (err) {
                    err.println("watch: " + message);
                    err.flush();
                }
            }

            @Override
            public void ended(MultiWatch.SourceResult r) {
                synchronized (err) {
                    report(r);
                }
            }
        };
    }

    private void report(MultiWatch.SourceResult s) {
        ActionWatcher.Result r = s.result();
        err.printf(Locale.ROOT, "watch: %s: %d events, %d frames decoded; %s%s%n", s.source(), r.events().size(),
                r.framesDecoded(), r.stats().summary(), r.stopped() ? " (stopped)"
                        : r.endReason().equals("end of stream") ? "" : " (" + (s.failed() ? "failed: " : "")
                        + r.endReason() + ")");
        err.printf(Locale.ROOT, "real-time factor: %.2f (%s)%n", s.realTimeFactor(), s.source());
        err.flush();
    }
}
