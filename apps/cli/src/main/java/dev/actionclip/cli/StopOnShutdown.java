package dev.actionclip.cli;

import dev.actionclip.watch.ActionWatcher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or a kill during {@code watch}: stops the watcher and holds the JVM's halt (up to 20 s) until the watch
 * loop has finished its detector and flushed its outputs, which {@link #close()} signals.
 */
final class StopOnShutdown implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    StopOnShutdown(ActionWatcher watcher) {
        hook = new Thread(() -> {
            watcher.stop();
            try {
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it is waiting for 'done', released above
        }
    }
}
