package dev.actionclip.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Tensor;

/**
 * Smallest LibTorch smoke test: loads the natives through {@link Torch#init(int)}, does a matrix product and
 * checks the result. {@code scripts/check-first-run} runs it (through {@code dev.actionclip.bench.FirstRunCheck})
 * to prove a cold JavaCPP cache works.
 */
public final class TorchSelfCheck {
    private TorchSelfCheck() {
    }

    /**
     * Loads LibTorch with {@code threads} intra-op threads, multiplies two small matrices and checks that every
     * mapped c10/torch library is the bundled copy.
     *
     * @return a one-line report
     * @throws IllegalStateException naming what is wrong
     */
    public static String run(int threads) {
        int used = Torch.init(threads);
        try (Tensor a = Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
             Tensor b = a.t();
             Tensor c = a.matmul(b)) {
            float[] got = Tensors.toFloatArray(c);
            float[] want = {14, 32, 32, 77};
            if (!Arrays.equals(got, want)) {
                throw new IllegalStateException("selfcheck: wrong result " + Arrays.toString(got));
            }
        }
        // Every mapped c10/torch library must be the bundled copy: a foreign one is the crash waiting to happen.
        Set<String> mapped = mappedTorchLibraries();
        String cache = cacheDir();
        for (String lib : mapped) {
            if (!lib.startsWith(cache)) {
                throw new IllegalStateException("selfcheck: foreign LibTorch library mapped: " + lib + " (all: "
                        + mapped + ")");
            }
        }
        return "selfcheck ok: threads=" + used + " interop="
                + org.bytedeco.pytorch.global.torch.get_num_interop_threads()
                + " mapped=" + mapped.stream().map(l -> l.substring(l.lastIndexOf('/') + 1)).sorted().toList()
                + " all from " + cache;
    }

    /** Paths of the c10/torch libraries in this process's memory map (Linux), empty elsewhere. */
    private static Set<String> mappedTorchLibraries() {
        Set<String> out = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    String path = line.substring(slash);
                    String file = path.substring(path.lastIndexOf('/') + 1);
                    if (file.startsWith("libc10") || file.startsWith("libtorch")) {
                        out.add(path);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to check
        }
        return out;
    }

    private static String cacheDir() {
        try {
            return Loader.getCacheDir().getCanonicalPath();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
