package dev.actionclip.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends rows to {@code steps.csv} and {@code epochs.csv} in the run folder, flushing each row so a killed run
 * keeps its log. A resumed run appends to the same files (the header is written only once).
 */
final class MetricsLog implements AutoCloseable {
    static final String STEP_HEADER = "step,epoch,loss,lr,lr_fusion,samples_per_s,skipped";
    static final String EPOCH_HEADER = "epoch,steps,mean_loss,samples,skipped,seconds,top1,top5,mean_class_acc";

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
        steps.write(String.format(Locale.ROOT, "%d,%d,%.8g,%.6e,%.6e,%.3f,%d%n", step, epoch, loss, lr, lrFusion,
                samplesPerS, skipped));
        steps.flush();
    }

    void epoch(int epoch, long stepCount, double meanLoss, long samples, long skipped, double seconds,
               Evaluator.Result eval) throws IOException {
        String metrics = eval == null ? ",," : String.format(Locale.ROOT, "%.6f,%.6f,%.6f", eval.top1(), eval.top5(),
                eval.meanClassAcc());
        epochs.write(String.format(Locale.ROOT, "%d,%d,%.8g,%d,%d,%.3f,%s%n", epoch, stepCount, meanLoss, samples,
                skipped, seconds, metrics));
        epochs.flush();
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
