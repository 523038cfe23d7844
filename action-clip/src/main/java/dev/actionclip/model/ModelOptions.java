package dev.actionclip.model;

import dev.actionclip.torch.DeviceSpec;
import dev.actionclip.torch.Precision;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a model: fusion head override, vocabulary, device and precision, threads. Typed from the option parser
 * to the loader: a bad device or dtype is refused where it is written, not when the model is loaded.
 *
 * @param fusion    fusion head kind to run (null: the checkpoint's own, else meanP)
 * @param vocab     BPE vocabulary file or folder (null: $ACTIONCLIP_VOCAB, else beside the model, else the bundled one)
 * @param device    where the model runs
 * @param precision compute type of weights and activations
 * @param threads   LibTorch intra-op threads (0: $ACTIONCLIP_THREADS or all cores)
 */
public record ModelOptions(String fusion, Path vocab, DeviceSpec device, Precision precision, int threads) {
    public ModelOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    public static ModelOptions defaults() {
        return new ModelOptions(null, null, DeviceSpec.CPU, Precision.FLOAT32, 0);
    }

    public ModelOptions withFusion(String f) {
        return new ModelOptions(f, vocab, device, precision, threads);
    }

    public ModelOptions withVocab(Path v) {
        return new ModelOptions(fusion, v, device, precision, threads);
    }

    public ModelOptions withThreads(int n) {
        return new ModelOptions(fusion, vocab, device, precision, n);
    }

    public ModelOptions withDevice(DeviceSpec d, Precision p) {
        return new ModelOptions(fusion, vocab, d, p, threads);
    }
}
