package dev.actionclip.watch;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A watch run as an iterator of what it finds (windows and events, in the order they are reported), for callers
 * that prefer pulling to a listener: {@code for (WatchStream.Item i : watcher.stream(source)) ...}. The run goes on
 * a background thread; a slow consumer holds it back through a small buffer (on a live source the decoder still
 * never waits: windows are dropped upstream instead). {@link #close()} stops the run early. A failure of the run is
 * rethrown by {@link #hasNext()}.
 */
public final class WatchStream implements Iterator<WatchStream.Item>, Iterable<WatchStream.Item>, AutoCloseable {
    /** One finding: exactly one of {@code window} and {@code event} is set. */
    public record Item(ScoredWindow window, Event event) {
        public boolean isEvent() {
            return event != null;
        }
    }

    private static final Item END = new Item(null, null);

    private final ActionWatcher watcher;
    private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(64);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<ActionWatcher.Result> result = new AtomicReference<>();
    private final Thread runner;
    private volatile boolean closed;
    private Item next;
    private boolean ended;

    WatchStream(ActionWatcher watcher, WatchSource source) {
        this.watcher = watcher;
        WatchListener l = new WatchListener() {
            @Override
            public void window(ScoredWindow w) {
                put(new Item(w, null));
            }

            @Override
            public void event(Event e) {
                put(new Item(null, e));
            }
        };
        runner = new Thread(() -> {
            try {
                result.set(watcher.watch(source, l));
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                put(END);
            }
        }, "watch-stream");
        runner.setDaemon(true);
        runner.start();
    }

    private void put(Item i) {
        try {
            while (!closed) {
                if (items.offer(i, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            try {
                next = items.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the watch", e);
            }
            if (next == END) {
                next = null;
                ended = true;
            }
        }
        if (next == null) {
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t != null) {
                throw new IllegalStateException(t.getMessage(), t);
            }
        }
        return next != null;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the watch has ended");
        }
        Item i = next;
        next = null;
        return i;
    }

    /** The run's summary once the iterator is exhausted (null before). */
    public ActionWatcher.Result result() {
        return result.get();
    }

    @Override
    public Iterator<Item> iterator() {
        return this;
    }

    /** Stops the run (if still going) and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        watcher.stop();
        closed = true;
        items.clear();
        runner.join(30_000);
    }
}
