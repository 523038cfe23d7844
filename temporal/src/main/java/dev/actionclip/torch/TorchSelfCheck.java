package dev.actionclip.torch;

import java.util.Arrays;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Tensor;

/**
 * Smallest LibTorch smoke test: loads the natives through {@link Torch#init(int)}, does a matrix product and
 * checks the result. Used by {@code scripts/check-first-run} to prove a cold JavaCPP cache works.
 */
public final class TorchSelfCheck {
    private TorchSelfCheck() {
    }

    public static void main(String[] args) {
        int threads = Torch.init(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        try (Tensor a = Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
             Tensor b = a.t();
             Tensor c = a.matmul(b)) {
            float[] got = Tensors.toFloatArray(c);
            float[] want = {14, 32, 32, 77};
            if (!Arrays.equals(got, want)) {
                System.err.println("selfcheck: wrong result " + Arrays.toString(got));
                System.exit(1);
            }
        }
        System.out.println("selfcheck ok: threads=" + threads + " interop="
                + org.bytedeco.pytorch.global.torch.get_num_interop_threads()
                + " cache=" + cacheDir() + " c10=" + Loader.getLoadedLibraries().get("c10"));
    }

    private static String cacheDir() {
        try {
            return String.valueOf(Loader.getCacheDir());
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
