package dev.actionclip.model;

import java.nio.file.Path;

/**
 * How to load a model: fusion head override, vocabulary, device and dtype, threads.
 *
 * @param fusion  fusion head kind to run (null: the checkpoint's own, else meanP)
 * @param vocab   BPE vocabulary file or folder (null: found next to the model or via $ACTIONCLIP_VOCAB)
 * @param device  "cpu", "cuda", "cuda:1"
 * @param dtype   "float32", "bf16", "fp16"
 * @param threads LibTorch intra-op threads (0: $ACTIONCLIP_THREADS or all cores)
 */
public record ModelOptions(String fusion, Path vocab, String device, String dtype, int threads) {
    public static ModelOptions defaults() {
        return new ModelOptions(null, null, "cpu", "float32", 0);
    }

    public ModelOptions withFusion(String f) {
        return new ModelOptions(f, vocab, device, dtype, threads);
    }

    public ModelOptions withVocab(Path v) {
        return new ModelOptions(fusion, v, device, dtype, threads);
    }

    public ModelOptions withThreads(int n) {
        return new ModelOptions(fusion, vocab, device, dtype, n);
    }

    public ModelOptions withDevice(String d, String t) {
        return new ModelOptions(fusion, vocab, d, t, threads);
    }
}
