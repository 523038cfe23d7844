package dev.actionclip.train;

import dev.actionclip.formats.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends rows to {@code steps.csv} and {@code epochs.csv} ({@link Csv} dialect) in the run folder, flushing each
 * row so a killed run keeps its log. A resumed run appends to the same files (the header is written only once); a
 * file written by an older version, with fewer columns, gets the current header and its rows padded with empty
 * cells first, so that the file stays one table. {@code data_wait} is the share of the step time (of the epoch's
 * summed step time in {@code epochs.csv}) spent waiting for batches.
 */
final class MetricsLog implements AutoCloseable {
    static final String STEP_HEADER = Csv.line("step", "epoch", "loss", "lr", "lr_fusion", "samples_per_s", "skipped",
            "step_s", "data_wait");
    static final String EPOCH_HEADER = Csv.line("epoch", "steps", "mean_loss", "samples", "skipped", "seconds", "top1",
            "top5", "mean_class_acc", "data_wait");

    private final Writer steps;
    private final Writer epochs;

    MetricsLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        steps = open(dir.resolve("steps.csv"), STEP_HEADER);
        epochs = open(dir.resolve("epochs.csv"), EPOCH_HEADER);
    }

    private static Writer open(Path file, String header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            upgrade(file, header);
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            w.write(header + "\n");
            w.flush();
        }
        return w;
    }

    /** Rewrites an older file whose header is a prefix of {@code header}: new header, rows padded with empties. */
    private static void upgrade(Path file, String header) throws IOException {
        java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String old = lines.get(0);
        if (old.equals(header) || !header.startsWith(old + ",")) {
            return; // current, or not ours to rewrite
        }
        String pad = ",".repeat((int) header.chars().filter(c -> c == ',').count()
                - (int) old.chars().filter(c -> c == ',').count());
        StringBuilder b = new StringBuilder(header).append('\n');
        for (String row : lines.subList(1, lines.size())) {
            b.append(row).append(pad).append('\n');
        }
        Checkpoint.writeAtomically(file, b.toString());
    }

    void step(long step, int epoch, double loss, double lr, double lrFusion, double samplesPerS, long skipped,
              double stepSeconds, double dataWaitShare) throws IOException {
        steps.write(Csv.line(step, epoch, f("%.8g", loss), f("%.6e", lr), f("%.6e", lrFusion), f("%.3f", samplesPerS),
                skipped, f("%.4f", stepSeconds), f("%.4f", dataWaitShare)) + "\n");
        steps.flush();
    }

    void epoch(int epoch, long stepCount, double meanLoss, long samples, long skipped, double seconds,
               Evaluator.Result eval, double dataWaitShare) throws IOException {
        // no evaluation this epoch: its three columns stay empty
        String top1 = eval == null ? "" : f("%.6f", eval.top1());
        String top5 = eval == null ? "" : f("%.6f", eval.top5());
        String meanClass = eval == null ? "" : f("%.6f", eval.meanClassAcc());
        String wait = Double.isNaN(dataWaitShare) ? "" : f("%.4f", dataWaitShare);
        epochs.write(Csv.line(epoch, stepCount, f("%.8g", meanLoss), samples, skipped, f("%.3f", seconds), top1, top5,
                meanClass, wait) + "\n");
        epochs.flush();
    }

    private static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    @Override
    public void close() throws IOException {
        try {
            steps.close();
        } finally {
            epochs.close();
        }
    }
}
