package dev.actionclip.watch;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.util.List;

/**
 * Scores a window as {@code label} scores a clip: the {@code T} preprocessed frames ([3, R, R] each) go through the
 * image tower and the fusion head as one video, and the fused embedding is compared with the text bank
 * (ActionCLIP's test scoring: softmax per template at temperature 100, mean over templates).
 */
public final class ModelWindowScorer implements WindowScorer<float[]> {
    private final ActionClipModel model;
    private final ZeroShotScorer scorer;
    private final int frameSize;

    public ModelWindowScorer(ActionClipModel model, ZeroShotScorer scorer) {
        if (model.embedDim() != scorer.bank().dim()) {
            throw new IllegalArgumentException("the text bank has " + scorer.bank().dim()
                    + "-wide embeddings but the model embeds to " + model.embedDim());
        }
        this.model = model;
        this.scorer = scorer;
        int r = model.resolution();
        this.frameSize = 3 * r * r;
    }

    @Override
    public float[] score(List<float[]> frames) {
        int t = frames.size();
        float[] video = new float[t * frameSize];
        for (int k = 0; k < t; k++) {
            float[] f = frames.get(k);
            if (f.length != frameSize) {
                throw new IllegalArgumentException("frame " + k + " of the window has " + f.length + " values, expected "
                        + frameSize + " (3 x " + model.resolution() + " x " + model.resolution() + ")");
            }
            System.arraycopy(f, 0, video, k * frameSize, frameSize);
        }
        return scorer.score(model.embedVideos(video, 1, t));
    }

    public List<String> labels() {
        return scorer.bank().labels();
    }
}
