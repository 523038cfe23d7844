package dev.actionclip.zeroshot;

import java.util.List;

/**
 * The text side of zero-shot scoring: one embedding per (template, label), L2-normalised, stored
 * template-major as ActionCLIP's {@code text_prompt} builds them ({@code [templates][labels][dim]}).
 */
public final class TextBank {
    private final List<String> labels;
    private final int templates;
    private final int dim;
    private final float[] unit;

    /**
     * @param embeddings projected text features, template-major: row {@code t * labels + l} is template t
     *     applied to label l; normalised here.
     */
    public TextBank(List<String> labels, int templates, int dim, float[] embeddings) {
        if (labels.isEmpty() || templates <= 0 || dim <= 0) {
            throw new IllegalArgumentException("a text bank needs labels, templates and a dimension");
        }
        if (embeddings.length != (long) templates * labels.size() * dim) {
            throw new IllegalArgumentException("text embeddings have " + embeddings.length + " values, expected "
                    + templates + " templates x " + labels.size() + " labels x " + dim);
        }
        this.labels = List.copyOf(labels);
        this.templates = templates;
        this.dim = dim;
        this.unit = embeddings.clone();
        Vectors.normaliseRows(unit, dim);
    }

    public List<String> labels() {
        return labels;
    }

    public int templates() {
        return templates;
    }

    public int dim() {
        return dim;
    }

    /** The unit embedding of template t, label l (a copy). */
    public float[] embedding(int template, int label) {
        float[] r = new float[dim];
        System.arraycopy(unit, (template * labels.size() + label) * dim, r, 0, dim);
        return r;
    }

    /** Mean over templates of the unit embeddings, re-normalised: one vector per label, for retrieval. */
    public float[] labelCentroids() {
        int n = labels.size();
        float[] c = new float[n * dim];
        for (int t = 0; t < templates; t++) {
            for (int i = 0; i < n * dim; i++) {
                c[i] += unit[t * n * dim + i];
            }
        }
        Vectors.normaliseRows(c, dim);
        return c;
    }

    float[] unitRows() {
        return unit;
    }

    /** A copy of the unit embeddings, template-major (what the constructor takes, already normalised). */
    public float[] toArray() {
        return unit.clone();
    }
}
