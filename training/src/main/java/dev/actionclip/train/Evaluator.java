package dev.actionclip.train;

import dev.actionclip.formats.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Classification metrics from per-class scores: top-1, top-5, mean class accuracy and the confusion matrix. */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * @param top1          fraction of samples whose highest-scoring class is the true one
     * @param top5          fraction whose true class is among the five highest (all classes when fewer than five)
     * @param meanClassAcc  mean over the classes that occur in {@code labels} of their top-1 recall
     * @param confusion     [true][predicted] counts
     */
    public record Result(int samples, double top1, double top5, double meanClassAcc, long[][] confusion) {
        /**
         * The keys every JSON report uses, in this order: {@code samples, skipped, top1, top5, mean_class_accuracy}.
         *
         * @param skipped samples that could not be scored (unreadable videos)
         */
        public java.util.Map<String, Object> toJson(long skipped) {
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("samples", samples);
            j.put("skipped", skipped);
            j.put("top1", top1);
            j.put("top5", top5);
            j.put("mean_class_accuracy", meanClassAcc);
            return j;
        }
    }

    /**
     * @param probs  [N][C] scores (probabilities or logits; only the order matters)
     * @param labels N true class ids in [0, C)
     */
    public static Result evaluate(float[][] probs, int[] labels) {
        if (probs.length != labels.length) {
            throw new IllegalArgumentException(probs.length + " score rows but " + labels.length + " labels");
        }
        int n = labels.length;
        int c = n == 0 ? 0 : probs[0].length;
        long[][] confusion = new long[c][c];
        long hit1 = 0;
        long hit5 = 0;
        for (int i = 0; i < n; i++) {
            float[] row = probs[i];
            if (row.length != c) {
                throw new IllegalArgumentException("score row " + i + " has " + row.length + " classes, expected " + c);
            }
            int y = labels[i];
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException("label " + y + " of sample " + i + " is outside [0, " + c + ")");
            }
            int pred = 0;
            for (int k = 1; k < c; k++) {
                if (row[k] > row[pred]) {
                    pred = k; // ties go to the lower class id
                }
            }
            confusion[y][pred]++;
            if (pred == y) {
                hit1++;
            }
            // rank of the true class: classes strictly better, plus equal ones with a lower id
            int better = 0;
            for (int k = 0; k < c; k++) {
                if (row[k] > row[y] || (row[k] == row[y] && k < y)) {
                    better++;
                }
            }
            if (better < 5) {
                hit5++;
            }
        }
        double sumRecall = 0;
        int present = 0;
        for (int y = 0; y < c; y++) {
            long total = 0;
            for (long v : confusion[y]) {
                total += v;
            }
            if (total > 0) {
                sumRecall += confusion[y][y] / (double) total;
                present++;
            }
        }
        return new Result(n, n == 0 ? 0 : hit1 / (double) n, n == 0 ? 0 : hit5 / (double) n,
                present == 0 ? 0 : sumRecall / present, confusion);
    }

    /**
     * Writes the confusion matrix as CSV: a header {@code true\predicted,<name 0>,...}, then one row per true class
     * starting with its name, in the {@link Csv} dialect.
     */
    public static void writeConfusionCsv(Path file, long[][] confusion, List<String> classNames) throws IOException {
        if (classNames.size() != confusion.length) {
            throw new IllegalArgumentException(classNames.size() + " class names for a " + confusion.length
                    + "-class confusion matrix");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            List<Object> row = new ArrayList<>();
            row.add("true\\predicted");
            row.addAll(classNames);
            p.row(row);
            for (int y = 0; y < confusion.length; y++) {
                row.clear();
                row.add(classNames.get(y));
                for (long v : confusion[y]) {
                    row.add(v);
                }
                p.row(row);
            }
        }
    }
}
