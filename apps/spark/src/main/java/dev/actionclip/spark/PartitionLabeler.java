package dev.actionclip.spark;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.video.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * One task: labels the videos of a partition in batches of {@code --batch} with the executor's shared model and
 * the broadcast label embeddings. A video that cannot be fetched, decoded or scored becomes a row with its error;
 * the task goes on. Rows are returned only when the partition is done, so a failed task leaves nothing behind and
 * Spark's retry writes each row once.
 */
final class PartitionLabeler implements MapPartitionsFunction<Row, Row> {
    /** Local property a test sets so the first attempt of partition 0 fails after its work (retry test). */
    static final String FAIL_FIRST_ATTEMPT = "actionclip.test.failFirstAttempt";

    private final SparkLabelOptions options;
    private final Broadcast<BankPayload> bank;
    private final InputLocalizer localizer;
    private final String fingerprint;
    private final LongAccumulator rows;
    private final LongAccumulator errors;

    PartitionLabeler(SparkLabelOptions options, Broadcast<BankPayload> bank, InputLocalizer localizer,
                     String fingerprint, LongAccumulator rows, LongAccumulator errors) {
        this.options = options;
        this.bank = bank;
        this.localizer = localizer;
        this.fingerprint = fingerprint;
        this.rows = rows;
        this.errors = errors;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        List<Row> out = new ArrayList<>();
        if (!input.hasNext()) {
            return out.iterator();
        }
        Path tmp = Files.createTempDirectory("actionclip-task-");
        // decoding the next batch overlaps scoring this one, as `label`'s decode workers do: without it the model
        // waits for every batch's decoding and the task's share of the machine idles
        ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "actionclip-decode-" + tmp.getFileName());
            t.setDaemon(true);
            return t;
        });
        try (ActionRecognizer rec = ExecutorModels.recognizer(options, bank.value().toBank())) {
            Future<Decoded> pending = submit(decoder, rec, nextBatch(input), tmp);
            while (pending != null) {
                Decoded current = pending.get();
                // Spark's input iterator is read on the task thread only
                List<String> next = nextBatch(input);
                pending = next.isEmpty() ? null : submit(decoder, rec, next, tmp);
                label(rec, current, out);
            }
        } finally {
            decoder.shutdownNow();
            deleteQuietly(tmp);
        }
        TaskContext ctx = TaskContext.get();
        if (ctx != null && "true".equals(ctx.getLocalProperty(FAIL_FIRST_ATTEMPT)) && ctx.partitionId() == 0
                && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of partition 0, attempt 0 (test)");
        }
        long failed = out.stream().filter(r -> !r.isNullAt(r.length() - 1)).count(); // error is the last column
        rows.add(out.size());
        errors.add(failed);
        return out.iterator();
    }

    /** A batch's videos with, for each, its decoded views or why there are none. */
    private record Decoded(List<String> videos, List<List<Clip>> clips, List<String> errors) {
    }

    private List<String> nextBatch(Iterator<Row> input) {
        List<String> batch = new ArrayList<>(options.batch());
        while (batch.size() < options.batch() && input.hasNext()) {
            Row r = input.next();
            batch.add(r.isNullAt(0) ? null : r.getString(0));
        }
        return batch;
    }

    private Future<Decoded> submit(ExecutorService decoder, ActionRecognizer rec, List<String> videos, Path tmp) {
        return decoder.submit(() -> decode(rec, videos, tmp));
    }

    private Decoded decode(ActionRecognizer rec, List<String> videos, Path tmp) {
        List<List<Clip>> decoded = new ArrayList<>();
        List<String> errorsOf = new ArrayList<>();
        for (String v : videos) {
            if (v == null || v.isBlank()) {
                decoded.add(null);
                errorsOf.add("no video path in this row");
                continue;
            }
            try (InputLocalizer.Local local = localizer.localize(v, tmp)) {
                decoded.add(rec.sample(local.path()));
                errorsOf.add(null);
            } catch (Exception e) {
                decoded.add(null);
                errorsOf.add(message(e));
            }
        }
        return new Decoded(videos, decoded, errorsOf);
    }

    private void label(ActionRecognizer rec, Decoded batch, List<Row> out) {
        List<String> videos = batch.videos();
        List<List<Clip>> decoded = batch.clips();
        List<String> errorsOf = batch.errors();
        List<List<Clip>> ok = new ArrayList<>();
        for (List<Clip> c : decoded) {
            if (c != null) {
                ok.add(c);
            }
        }
        List<Prediction> predictions = new ArrayList<>();
        List<String> scoreErrors = new ArrayList<>();
        try {
            predictions.addAll(ok.isEmpty() ? List.of() : rec.classifyClips(ok));
            ok.forEach(c -> scoreErrors.add(null));
        } catch (RuntimeException batchFailure) {
            // one bad video must not cost its batch-mates their rows: score them one by one
            predictions.clear();
            for (List<Clip> c : ok) {
                try {
                    predictions.add(rec.classifyClips(List.of(c)).get(0));
                    scoreErrors.add(null);
                } catch (RuntimeException e) {
                    predictions.add(null);
                    scoreErrors.add(message(e));
                }
            }
        }
        int k = 0;
        for (int i = 0; i < videos.size(); i++) {
            String path = videos.get(i);
            List<Clip> clips = decoded.get(i);
            if (clips == null) {
                out.add(LabelRows.failure(options.embedding(), path, fingerprint, errorsOf.get(i)));
                continue;
            }
            Prediction p = predictions.get(k);
            String scoreError = scoreErrors.get(k);
            k++;
            if (p == null) {
                out.add(LabelRows.failure(options.embedding(), path, fingerprint, scoreError));
                continue;
            }
            try {
                float[] embedding = options.embedding() ? rec.embedClips(clips) : null;
                int frames = clips.stream().mapToInt(c -> c.indices().length).sum();
                out.add(LabelRows.success(options.embedding(), path, p.top(options.topK()), embedding, frames,
                        clips.get(0).probe().durationSeconds(), fingerprint));
            } catch (RuntimeException e) {
                out.add(LabelRows.failure(options.embedding(), path, fingerprint, message(e)));
            }
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans what is left
        }
    }
}
