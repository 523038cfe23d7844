package dev.actionclip.train;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;

/**
 * Loads batches for the trainer, optionally one batch ahead on a background thread so that video decoding overlaps
 * the forward/backward pass. Loading stays a pure function of (indices, seed), so prefetching changes no result.
 * A prefetched batch's tensor is made in its own scope on the loader thread and kept alive past it with one extra
 * reference; on hand-over that reference moves to the caller's current scope, so the per-step PointerScope still
 * frees it.
 */
final class BatchLoader implements AutoCloseable {
    private final Batches batches;
    private final ExecutorService pool;
    private int[] pendingIndices;
    private long pendingSeed;
    private Future<Batches.Loaded> pending;

    BatchLoader(Batches batches, boolean prefetch) {
        this.batches = batches;
        this.pool = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** The batch for these samples: the prefetched one when it matches, else loaded now. */
    Batches.Loaded get(int[] indices, long seed) {
        if (pending != null) {
            Future<Batches.Loaded> f = pending;
            boolean match = pendingSeed == seed && Arrays.equals(pendingIndices, indices);
            pending = null;
            Batches.Loaded l = await(f);
            if (match) {
                PointerScope scope = PointerScope.getInnerScope();
                if (scope != null && l.videos() != null) {
                    scope.attach(l.videos()); // +1 for the caller's scope
                    l.videos().releaseReference(); // -1: the loader thread's keep-alive reference
                }
                return l;
            }
            if (l.videos() != null) {
                l.videos().close();
            }
        }
        return batches.load(indices, seed);
    }

    /** Starts loading these samples in the background (no-op without prefetching). */
    void prefetch(int[] indices, long seed) {
        if (pool == null) {
            return;
        }
        if (pending != null) {
            Batches.Loaded stale = await(pending);
            if (stale.videos() != null) {
                stale.videos().close();
            }
        }
        pendingIndices = indices.clone();
        pendingSeed = seed;
        pending = pool.submit(() -> {
            try (PointerScope scope = new PointerScope()) {
                Batches.Loaded l = batches.load(indices, seed);
                if (l.videos() != null) {
                    l.videos().retainReference(); // survives this scope; released on hand-over
                }
                return l;
            }
        });
    }

    private static Batches.Loaded await(Future<Batches.Loaded> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("loading a batch failed: " + c, c);
        }
    }

    @Override
    public void close() {
        if (pending != null) {
            try {
                Batches.Loaded l = await(pending);
                if (l.videos() != null) {
                    l.videos().close();
                }
            } catch (RuntimeException ignored) {
                // the batch is not needed any more
            }
            pending = null;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
