package dev.actionclip.train;

import dev.actionclip.torch.Tensors;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;

/** In-memory videos: a fixed pattern per class plus per-sample noise; some indices can be marked corrupt. */
final class ToyData implements Batches, TextSide {
    static final int T = 2;
    static final int H = 2;
    static final int W = 2;
    static final int PIXELS = 3 * H * W;
    final int samples;
    final int classes;
    final int templates;
    final Set<Integer> corrupt;
    private final float[][] prototypes;
    /** Noise drawn per sample index instead of per batch seed: a sample then looks the same in any batch. */
    boolean noisePerSample;

    ToyData(int samples, int classes, int templates, Set<Integer> corrupt) {
        this.samples = samples;
        this.classes = classes;
        this.templates = templates;
        this.corrupt = corrupt;
        Random r = new Random(7);
        prototypes = new float[classes][PIXELS];
        for (float[] p : prototypes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) r.nextGaussian();
            }
        }
    }

    @Override
    public int classCount() {
        return classes;
    }

    int vocab() {
        return templates + classes;
    }

    long label(int sample) {
        return sample % classes;
    }

    @Override
    public int size() {
        return samples;
    }

    @Override
    public Loaded load(int[] sampleIndices, long seed) {
        int[] ok = Arrays.stream(sampleIndices).filter(i -> !corrupt.contains(i)).toArray();
        float[] v = new float[ok.length * T * PIXELS];
        long[] labels = new long[ok.length];
        Random noise = new Random(seed); // "augmentation" noise depends on the seed the trainer passes
        for (int b = 0; b < ok.length; b++) {
            labels[b] = label(ok[b]);
            if (noisePerSample) {
                noise = new Random(1000L + ok[b]);
            }
            for (int t = 0; t < T; t++) {
                for (int p = 0; p < PIXELS; p++) {
                    v[(b * T + t) * PIXELS + p] = prototypes[(int) labels[b]][p] + 0.3f * (float) noise.nextGaussian();
                }
            }
        }
        Tensor videos = ok.length == 0 ? null : Tensors.of(v, ok.length, T, 3, H, W);
        return new Loaded(videos, labels, sampleIndices.length - ok.length);
    }

    @Override
    public int templateCount() {
        return templates;
    }

    @Override
    public Tensor tokens(int[] templateIds, long[] labels) {
        long[] ids = new long[labels.length * 2];
        for (int i = 0; i < labels.length; i++) {
            ids[2 * i] = templateIds[i];
            ids[2 * i + 1] = templates + labels[i];
        }
        return Tensors.of(ids, labels.length, 2);
    }
}
