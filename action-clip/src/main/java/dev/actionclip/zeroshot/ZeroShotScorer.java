package dev.actionclip.zeroshot;

/**
 * ActionCLIP's test-time scoring: for each view, 100 × cosine similarity between the fused video embedding and
 * every (template, label) text embedding, a softmax over labels per template, the mean over templates; then
 * the mean over views. Returns one probability per label.
 */
public final class ZeroShotScorer {
    /** ActionCLIP's test uses a fixed temperature of 100, not the checkpoint's logit scale. */
    public static final double DEFAULT_SCALE = 100.0;

    private final TextBank bank;
    private final double scale;

    public ZeroShotScorer(TextBank bank) {
        this(bank, DEFAULT_SCALE);
    }

    public ZeroShotScorer(TextBank bank, double scale) {
        this.bank = bank;
        this.scale = scale;
    }

    public TextBank bank() {
        return bank;
    }

    /**
     * @param views fused video embeddings, {@code [views][dim]} row-major (not necessarily normalised)
     * @return probabilities over labels, summing to 1
     */
    public float[] score(float[] views) {
        int dim = bank.dim();
        if (views.length == 0 || views.length % dim != 0) {
            throw new IllegalArgumentException("video embedding has " + views.length + " values, not a multiple of "
                    + dim + " (the text embedding width): model and text bank disagree");
        }
        int nViews = views.length / dim;
        int nLabels = bank.labels().size();
        int nTemplates = bank.templates();
        float[] v = views.clone();
        Vectors.normaliseRows(v, dim);
        float[] text = bank.unitRows();
        double[] probs = new double[nLabels];
        double[] row = new double[nTemplates * nLabels];
        for (int view = 0; view < nViews; view++) {
            for (int r = 0; r < nTemplates * nLabels; r++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    s += (double) v[view * dim + k] * text[r * dim + k];
                }
                row[r] = scale * s;
            }
            for (int t = 0; t < nTemplates; t++) {
                Vectors.softmax(row, t * nLabels, nLabels);
                for (int l = 0; l < nLabels; l++) {
                    probs[l] += row[t * nLabels + l];
                }
            }
        }
        float[] out = new float[nLabels];
        for (int l = 0; l < nLabels; l++) {
            out[l] = (float) (probs[l] / (nTemplates * (double) nViews));
        }
        return out;
    }

    /** Scores several videos at once: {@code videos[i]} holds the views of video i. */
    public float[][] scoreAll(float[][] videos) {
        float[][] r = new float[videos.length][];
        for (int i = 0; i < videos.length; i++) {
            r[i] = score(videos[i]);
        }
        return r;
    }
}
