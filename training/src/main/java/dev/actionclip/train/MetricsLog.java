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
 * row so a killed run keeps its log. A resumed run appends to the same files (the header is written only once).
 */
final class MetricsLog implements AutoCloseable {
    static final String STEP_HEADER = Csv.line("step", "epoch", "loss", "lr", "lr_fusion", "samples_per_s", "skipped");
    static final String EPOCH_HEADER = Csv.line("epoch", "steps", "mean_loss", "samples", "skipped", "seconds", "top1",
            "top5", "mean_class_acc");

    private final Writer steps;
    private final Writer epochs;

    MetricsLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        steps = open(dir.resolve("steps.csv"), STEP_HEADER);
        epochs = open(dir.resolve("epochs.csv"), EPOCH_HEADER);
    }

    private static Writer open(Path file, String header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            w.write(header + "\n");
            w.flush();
        }
        return w;
    }

    void step(long step, int epoch, double loss, double lr, double lrFusion, double samplesPerS, long skipped)
            throws IOException {
        steps.write(Csv.line(step, epoch, f("%.8g", loss), f("%.6e", lr), f("%.6e", lrFusion), f("%.3f", samplesPerS),
                skipped) + "\n");
        steps.flush();
    }

    void epoch(int epoch, long stepCount, double meanLoss, long samples, long skipped, double seconds,
               Evaluator.Result eval) throws IOException {
        // no evaluation this epoch: its three columns stay empty
        String top1 = eval == null ? "" : f("%.6f", eval.top1());
        String top5 = eval == null ? "" : f("%.6f", eval.top5());
        String meanClass = eval == null ? "" : f("%.6f", eval.meanClassAcc());
        epochs.write(Csv.line(epoch, stepCount, f("%.8g", meanLoss), samples, skipped, f("%.3f", seconds), top1, top5,
                meanClass) + "\n");
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
