package dev.actionclip.bench;

import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import dev.actionclip.torch.Tensors;
import dev.actionclip.torch.Torch;

/**
 * Throughput of the CLIP towers with random weights (no file needed): image frames/s at batch 8 and 32 and
 * text prompts/s at batch 64 × full context. Usage: {@code ClipBenchmark [preset] [threads] [seconds]}
 * (defaults ViT-B/32, 2, 10).
 */
public final class ClipBenchmark {
    private ClipBenchmark() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "ViT-B/32";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        // as label runs: the bundled natives, `threads` intra-op threads and one OpenBLAS thread (two BLAS pools
        // on two cores oversubscribe them)
        Torch.init(threads);
        ClipGeometry g = ClipGeometry.preset(preset);
        System.out.printf(Locale.ROOT, "CLIP %s random weights, float32 CPU, %d intra-op threads, InferenceMode%n",
                preset, torch.get_num_threads());
        System.out.println(BlasCore.describe());
        try (ClipModel model = new ClipModel(g); InferenceMode mode = new InferenceMode()) {
            model.eval();
            for (int batch : new int[] {8, 32}) {
                int n = batch;
                double perSec = measure(seconds, batch, () -> {
                    Tensor images = torch.randn(n, 3, g.imageResolution(), g.imageResolution());
                    return model.encodeImage(images);
                });
                System.out.printf(Locale.ROOT, "image tower  batch %3d: %8.1f frames/s%n", batch, perSec);
            }
            int textBatch = 64;
            long[] ids = randomPrompts(textBatch, g);
            double perSec = measure(seconds, textBatch, () -> model.encodeText(Tensors.of(ids, textBatch, g.contextLength())));
            System.out.printf(Locale.ROOT, "text tower   batch %3d x %d tokens: %8.1f prompts/s%n", textBatch,
                    g.contextLength(), perSec);
        }
    }

    /** Full-length prompts: random ids, then the end-of-text id (the vocabulary's last) at the end. */
    private static long[] randomPrompts(int n, ClipGeometry g) {
        Random r = new Random(0);
        int l = g.contextLength();
        long[] ids = new long[n * l];
        for (int i = 0; i < n; i++) {
            ids[i * l] = g.vocabSize() - 2;
            for (int j = 1; j < l - 1; j++) {
                ids[i * l + j] = r.nextInt(g.vocabSize() - 2);
            }
            ids[i * l + l - 1] = g.vocabSize() - 1;
        }
        return ids;
    }

    /** Items per second over at least {@code seconds} and 3 runs, after one warm-up run. */
    private static double measure(double seconds, int items, Supplier<Tensor> run) {
        return items / TowerProfile.time(seconds, run);
    }
}
