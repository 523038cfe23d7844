package dev.actionclip.train;

/**
 * Seeds derived from (run seed, epoch, step, ...) by hashing, so every random choice of a step (data order,
 * template, augmentation, dropout) depends only on its position and a resumed run repeats them exactly.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit hash of the parts (SplitMix64 finaliser over a golden-ratio combination). */
    public static long mix(long... parts) {
        long h = 0x243F6A8885A308D3L;
        for (long p : parts) {
            h = finish(h * 0x9E3779B97F4A7C15L + p);
        }
        return h;
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A permutation of [0, n) by Fisher-Yates driven by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
