package dev.actionclip.train;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Zero-shot evaluation of a video set: every readable sample is decoded at test time (centre crop, TSN test
 * offsets, optional views), embedded by the model and scored against the text bank as ActionCLIP's test does
 * (16-template ensemble, temperature 100); then {@link Evaluator} metrics. Unreadable samples are left out and
 * counted.
 *
 * @param probs   [N][C] scores of the evaluated samples
 * @param labels  their true class ids
 * @param samples their indices in the dataset
 * @param skipped samples that could not be read
 */
public record VideoEval(float[][] probs, int[] labels, int[] samples, int skipped, Evaluator.Result result) {
    /** Samples decoded per round trip; bounds memory for large sets. */
    public static final int CHUNK = 32;

    /**
     * @param data test-mode batches (its frames / resolution / views must suit the model)
     * @param bank text embeddings of the class names the dataset's label ids index
     */
    public static VideoEval run(ActionClipModel model, DatasetBatches data, TextBank bank) {
        if (bank.labels().size() != data.dataset().numLabels()) {
            throw new IllegalArgumentException("text bank has " + bank.labels().size() + " labels but the data set "
                    + data.dataset().numLabels());
        }
        ZeroShotScorer scorer = new ZeroShotScorer(bank);
        int n = data.size();
        List<float[]> probs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        int skipped = 0;
        int t = data.frames();
        for (int from = 0; from < n; from += CHUNK) {
            int[] idx = new int[Math.min(CHUNK, n - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            float[][] clips = data.loadArrays(idx, 0);
            for (int i = 0; i < idx.length; i++) {
                if (clips[i] == null) {
                    skipped++;
                    continue;
                }
                int perClip = t * 3 * data.resolution() * data.resolution();
                float[] emb = model.embedVideos(clips[i], clips[i].length / perClip, t);
                probs.add(scorer.score(emb));
                labels.add(data.dataset().samples().get(idx[i]).labelId());
                kept.add(idx[i]);
            }
        }
        float[][] p = probs.toArray(new float[0][]);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new VideoEval(p, y, kept.stream().mapToInt(Integer::intValue).toArray(), skipped,
                Evaluator.evaluate(p, y));
    }

    /** Index of the best class of sample row {@code i}. */
    public int predicted(int i) {
        float[] row = probs[i];
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Accuracy on the part of a label that a group of phrases distinguishes (e.g. "moving left" vs "moving right"):
     * over the samples whose true class name ends with one of {@code phrases}, the share whose predicted class
     * name ends with the same phrase. Returns {samples, share}; share is NaN without samples.
     */
    public double[] phraseAccuracy(List<String> classNames, List<String> phrases) {
        int total = 0;
        int hit = 0;
        for (int i = 0; i < labels.length; i++) {
            String truth = phraseOf(classNames.get(labels[i]), phrases);
            if (truth == null) {
                continue;
            }
            total++;
            if (truth.equals(phraseOf(classNames.get(predicted(i)), phrases))) {
                hit++;
            }
        }
        return new double[] {total, total == 0 ? Double.NaN : hit / (double) total};
    }

    private static String phraseOf(String name, List<String> phrases) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', ' ').trim();
        String best = null;
        for (String p : phrases) {
            String q = p.toLowerCase(Locale.ROOT).trim();
            // longest match wins: "counterclockwise" must not count as "clockwise"
            if ((n.endsWith(" " + q) || n.equals(q)) && (best == null || q.length() > best.length())) {
                best = q;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top1 %.4f top5 %.4f mean-class %.4f over %d videos (%d skipped)",
                result.top1(), result.top5(), result.meanClassAcc(), result.samples(), skipped);
    }
}
