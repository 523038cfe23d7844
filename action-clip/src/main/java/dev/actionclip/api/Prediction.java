package dev.actionclip.api;

import dev.actionclip.zeroshot.TopK;
import java.util.List;

/** Probabilities over the recogniser's labels for one video (they sum to 1). */
public record Prediction(List<String> labels, float[] probabilities) {
    public Prediction {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length + " probabilities");
        }
        probabilities = probabilities.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The {@code k} most probable labels, best first. */
    public List<TopK.Entry> top(int k) {
        return TopK.of(probabilities, labels, k);
    }

    /** The most probable label. */
    public String best() {
        return top(1).get(0).label();
    }

    public float probability(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown label '" + label + "'");
        }
        return probabilities[i];
    }
}
