package dev.actionclip.watch;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.zeroshot.ZeroShotScorer;
import java.util.ArrayList;
import java.util.Arrays;
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
        copy(frames, video, 0);
        return scorer.score(model.embedVideos(video, 1, t));
    }

    /**
     * Stacks the windows into one [B, T, 3, R, R] batch and runs the model once (windows of different lengths fall
     * back to one pass each).
     */
    @Override
    public List<float[]> scoreAll(List<List<float[]>> windows) {
        int b = windows.size();
        if (b == 0) {
            return List.of();
        }
        int t = windows.get(0).size();
        for (List<float[]> w : windows) {
            if (w.size() != t) {
                List<float[]> out = new ArrayList<>(b);
                for (List<float[]> one : windows) {
                    out.add(score(one));
                }
                return out;
            }
        }
        float[] video = new float[b * t * frameSize];
        for (int i = 0; i < b; i++) {
            copy(windows.get(i), video, i * t * frameSize);
        }
        float[] fused = model.embedVideos(video, b, t);
        int dim = fused.length / b;
        List<float[]> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(scorer.score(Arrays.copyOfRange(fused, i * dim, (i + 1) * dim)));
        }
        return out;
    }

    private void copy(List<float[]> frames, float[] into, int offset) {
        for (int k = 0; k < frames.size(); k++) {
            float[] f = frames.get(k);
            if (f.length != frameSize) {
                throw new IllegalArgumentException("frame " + k + " of the window has " + f.length + " values, expected "
                        + frameSize + " (3 x " + model.resolution() + " x " + model.resolution() + ")");
            }
            System.arraycopy(f, 0, into, offset + k * frameSize, frameSize);
        }
    }

    public List<String> labels() {
        return scorer.bank().labels();
    }
}
