package dev.actionclip.bench;

import dev.actionclip.torch.Torch;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.openblas.global.openblas_full;

/**
 * Which OpenBLAS kernels this process runs, for the benchmark headers: OpenBLAS picks its kernels for the CPU at
 * load time unless {@code OPENBLAS_CORETYPE} forces a core, and the forced AVX2 kernels of the dev/CI machines are
 * markedly slower in float32 than the ones users' CPUs get. Run as a program it initialises LibTorch as the CLI does
 * and prints the same line, so scripts can show what the CLI they time will use.
 */
public final class BlasCore {
    private BlasCore() {
    }

    /** Arguments: {@code [threads]}, LibTorch intra-op threads as {@code label --threads} (default: Torch's). */
    public static void main(String[] args) {
        Torch.init(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println(describe());
    }

    /**
     * One line such as {@code OpenBLAS core: SkylakeX (OPENBLAS_CORETYPE unset), 1 BLAS thread}. Call it after
     * LibTorch's natives are loaded, so that it reports the OpenBLAS LibTorch links against (the same
     * {@code libopenblas.so.0}; the {@code openblas_full} binding only adds the entry points).
     */
    public static String describe() {
        String forced = System.getenv("OPENBLAS_CORETYPE");
        String l2 = System.getenv("OPENBLAS_L2_SIZE");
        String setting = forced == null || forced.isBlank() ? "OPENBLAS_CORETYPE unset" : "OPENBLAS_CORETYPE=" + forced;
        if (l2 != null && !l2.isBlank()) {
            setting += ", OPENBLAS_L2_SIZE=" + l2;
        }
        String core;
        String threads = "";
        try {
            BytePointer name = openblas_full.openblas_get_corename();
            core = name == null || name.isNull() ? "unknown" : name.getString().trim();
            int n = openblas_full.openblas_get_num_threads();
            threads = ", " + n + (n == 1 ? " BLAS thread" : " BLAS threads");
        } catch (LinkageError | RuntimeException e) {
            core = "unknown (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        return "OpenBLAS core: " + core + " (" + setting + ")" + threads;
    }
}
