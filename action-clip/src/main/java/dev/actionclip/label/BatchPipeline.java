package dev.actionclip.label;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decode ahead, infer in batches, report in input order. Decoding runs on {@code decodeThreads} background
 * threads (0 = inline, for measuring the non-overlapped case), at most {@code prefetch} decoded items wait in
 * memory, and the model sees up to {@code batchSize} items per call. Every item reaches the {@link Sink} exactly
 * once, in input order, with its result or its failure; one bad item never stops the run.
 *
 * @param <I> input (a path)
 * @param <D> decoded item (frames)
 * @param <R> result (probabilities)
 */
public final class BatchPipeline<I, D, R> {
    /** Decodes one input; may throw to mark the item failed. */
    public interface Decoder<I, D> {
        D decode(I input) throws Exception;
    }

    /** Runs the model on a batch; returns one result per decoded item, same order. */
    public interface BatchFunction<D, R> {
        List<R> apply(List<D> batch) throws Exception;
    }

    /** Receives each item's outcome in input order ({@code error} null on success). */
    public interface Sink<I, R> {
        void accept(int index, I input, R result, Throwable error);
    }

    /** Where the time went: nanoseconds summed over decode threads, and on the model thread. */
    public record Stats(int succeeded, int failed, long decodeNanos, long modelNanos, long wallNanos) {
        public double itemsPerSecond() {
            return wallNanos > 0 ? (succeeded + failed) / (wallNanos / 1e9) : 0;
        }
    }

    private final int decodeThreads;
    private final int prefetch;
    private final int batchSize;

    public BatchPipeline(int decodeThreads, int prefetch, int batchSize) {
        if (decodeThreads < 0 || batchSize < 1) {
            throw new IllegalArgumentException("need decodeThreads >= 0 and batchSize >= 1");
        }
        this.decodeThreads = decodeThreads;
        this.prefetch = Math.max(prefetch, batchSize);
        this.batchSize = batchSize;
    }

    public Stats run(List<I> inputs, Decoder<I, D> decoder, BatchFunction<D, R> model, Sink<I, R> sink)
            throws InterruptedException {
        long t0 = System.nanoTime();
        AtomicLong decodeNanos = new AtomicLong();
        long modelNanos = 0;
        int ok = 0;
        int failed = 0;
        int n = inputs.size();
        List<CompletableFuture<D>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(new CompletableFuture<>());
        }
        ExecutorService pool = decodeThreads > 0 ? Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "decode");
            t.setDaemon(true);
            return t;
        }) : null;
        Semaphore permits = new Semaphore(prefetch);
        Thread feeder = null;
        if (pool != null) {
            feeder = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        permits.acquire();
                        int k = i;
                        pool.execute(() -> complete(futures.get(k), inputs.get(k), decoder, decodeNanos));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "decode-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }
        try {
            int next = 0;
            while (next < n) {
                List<D> batch = new ArrayList<>();
                List<Integer> batchIdx = new ArrayList<>();
                // take items in order until the batch is full; flush early when the next item is not ready yet
                while (next < n && batch.size() < batchSize) {
                    CompletableFuture<D> f = futures.get(next);
                    if (pool == null) {
                        complete(f, inputs.get(next), decoder, decodeNanos);
                    } else if (!f.isDone() && !batch.isEmpty()) {
                        break;
                    }
                    Throwable error = null;
                    D d = null;
                    try {
                        d = f.get();
                    } catch (ExecutionException e) {
                        error = e.getCause();
                    }
                    futures.set(next, null); // the frames are collected once consumed
                    if (pool != null) {
                        permits.release(); // the item leaves the prefetch window, into the batch or the sink
                    }
                    if (error == null) {
                        batch.add(d);
                        batchIdx.add(next++);
                        continue;
                    }
                    // earlier items of this batch go first to keep input order
                    long[] c = deliver(inputs, batchIdx, runBatch(model, batch), sink);
                    ok += (int) c[0];
                    failed += (int) c[1];
                    modelNanos += c[2];
                    batch.clear();
                    batchIdx.clear();
                    sink.accept(next, inputs.get(next), null, error);
                    failed++;
                    next++;
                }
                long[] c = deliver(inputs, batchIdx, runBatch(model, batch), sink);
                ok += (int) c[0];
                failed += (int) c[1];
                modelNanos += c[2];
            }
        } finally {
            if (feeder != null) {
                feeder.interrupt();
            }
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Stats(ok, failed, decodeNanos.get(), modelNanos, System.nanoTime() - t0);
    }

    private record ModelResult<R>(List<R> results, Throwable error, long nanos) {
    }

    private ModelResult<R> runBatch(BatchFunction<D, R> model, List<D> batch) {
        if (batch.isEmpty()) {
            return new ModelResult<>(List.of(), null, 0);
        }
        long t = System.nanoTime();
        try {
            List<R> r = model.apply(batch);
            if (r.size() != batch.size()) {
                throw new IllegalStateException("model returned " + r.size() + " results for " + batch.size() + " items");
            }
            return new ModelResult<>(r, null, System.nanoTime() - t);
        } catch (Exception | OutOfMemoryError e) {
            return new ModelResult<>(null, e, System.nanoTime() - t);
        }
    }

    /** Sends a batch's outcomes to the sink; returns {succeeded, failed, model nanos}. */
    private long[] deliver(List<I> inputs, List<Integer> idx, ModelResult<R> r, Sink<I, R> sink) {
        int ok = 0;
        int failed = 0;
        for (int j = 0; j < idx.size(); j++) {
            int i = idx.get(j);
            if (r.error == null) {
                sink.accept(i, inputs.get(i), r.results.get(j), null);
                ok++;
            } else {
                sink.accept(i, inputs.get(i), null, r.error);
                failed++;
            }
        }
        return new long[] {ok, failed, r.nanos};
    }

    private static <I, D> void complete(CompletableFuture<D> f, I input, Decoder<I, D> decoder, AtomicLong nanos) {
        long t = System.nanoTime();
        try {
            f.complete(decoder.decode(input));
        } catch (Throwable e) {
            f.completeExceptionally(e);
        } finally {
            nanos.addAndGet(System.nanoTime() - t);
        }
    }
}
