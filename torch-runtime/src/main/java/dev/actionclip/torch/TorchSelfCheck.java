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
    public static Set<String> mappedTorchLibraries() {
        return mappedLibraries("libc10", "libtorch");
    }

    /**
     * Paths of the shared libraries in this process's memory map (Linux {@code /proc/self/maps}) whose file name
     * starts with one of {@code prefixes}, sorted; empty where there is no such map (macOS, Windows) or none matches.
     * Tells which copy of a native library was actually loaded, e.g. {@code "libavcodec"} for FFmpeg's.
     */
    public static Set<String> mappedLibraries(String... prefixes) {
        Set<String> out = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    String path = line.substring(slash);
                    String file = path.substring(path.lastIndexOf('/') + 1);
                    for (String p : prefixes) {
                        if (file.startsWith(p)) {
                            out.add(path);
                            break;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to report
        }
        return out;
    }

    /**
     * The version of the loaded LibTorch, from its build configuration ({@code TORCH_VERSION=...} in
     * {@code at::show_config()}), e.g. {@code 2.10.0}; loads the natives. Falls back to the version of the
     * bytedeco preset jar ({@code 2.10.0-1.5.13}: LibTorch 2.10.0, JavaCPP presets 1.5.13) when the configuration
     * does not say.
     */
    public static String libtorchVersion() {
        Torch.loadNatives();
        String config = org.bytedeco.pytorch.global.torch.show_config().getString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("TORCH_VERSION=([^,\\s]+)").matcher(config);
        if (m.find()) {
            return m.group(1);
        }
        String preset = org.bytedeco.pytorch.global.torch.class.getPackage().getImplementationVersion();
        return preset == null ? "unknown" : preset.replaceFirst("-[0-9.]+$", "");
    }

    /** The vector instruction set LibTorch's CPU kernels use here (e.g. {@code AVX512}, {@code AVX2}); loads the natives. */
    public static String cpuCapability() {
        Torch.loadNatives();
        return org.bytedeco.pytorch.global.torch.get_cpu_capability().getString();
    }

    private static String cacheDir() {
        try {
            return Loader.getCacheDir().getCanonicalPath();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
