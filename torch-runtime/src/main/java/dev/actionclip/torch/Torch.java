package dev.actionclip.torch;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * LibTorch runtime setup. Every entry point calls {@link #init(int)} before it touches any LibTorch class.
 *
 * <p>Native loading: JavaCPP extracts its bundled libraries to its cache one at a time, each just before
 * loading it, in the preset's link order c10, torch, torch_cpu. On a first run (empty cache)
 * {@code libtorch.so} is loaded while {@code libtorch_cpu.so} is not yet extracted beside it, so the dynamic
 * linker's {@code $ORIGIN} lookup fails and it falls through to the system search path. When a system LibTorch
 * provides {@code libtorch_cpu.so} (Debian's {@code libtorch-dev} symlinks to {@code libtorch1.13}, or any
 * LibTorch on {@code LD_LIBRARY_PATH}), that copy is loaded together with its own {@code libc10.so.1.13} next to
 * the bundled c10, and the JVM dies (SIGSEGV in {@code pthread_mutex_lock}). Later runs find the bundled copy
 * already cached; with {@code LD_LIBRARY_PATH}, which outranks {@code $ORIGIN} runpaths, every run dies.
 * {@link #loadNatives()} therefore extracts the whole bundled directory first and loads its libraries by
 * absolute path in dependency order before JavaCPP's own loader runs. (With both the CPU and the {@code -gpu}
 * build on the class path and no {@code org.bytedeco.javacpp.platform.extension} property, JavaCPP's runtime
 * choice is left alone and this protection does not apply.)
 */
public final class Torch {
    /** Environment variable giving the intra-op thread count when the caller does not choose one. */
    public static final String THREADS_ENV = "ACTIONCLIP_THREADS";

    /** Set to {@code false} to skip the pre-extraction (only to reproduce the first-run crash). */
    public static final String PRECACHE_PROPERTY = "actionclip.torch.precache";

    /** Environment variable giving OpenBLAS's own thread count (default 1, see {@link #init(int)}). */
    public static final String BLAS_THREADS_ENV = "ACTIONCLIP_BLAS_THREADS";

    private static boolean nativesLoaded;
    private static boolean blasSet;
    private static boolean interopSet;
    private static int threads;

    private Torch() {
    }

    /**
     * Loads LibTorch (see the class comment) and sets its thread pools. Idempotent: later calls only change
     * the intra-op thread count; the inter-op pool can be sized only once per process.
     *
     * @param requested intra-op threads; {@code <= 0} means {@code $ACTIONCLIP_THREADS} if set, else the number
     *     of available processors
     * @return the intra-op thread count in effect
     * @throws IllegalArgumentException when {@code $ACTIONCLIP_THREADS} is not a positive integer
     */
    public static synchronized int init(int requested) {
        loadNatives();
        if (!blasSet) {
            blasSet = true;
            // LibTorch splits work over its own OpenMP pool; OpenBLAS starting its own threads inside each GEMM
            // oversubscribes the cores and spin-waits. Measured on 2 cores: a [384 x 128] linear over 384 tokens
            // took 20 ms instead of 0.55 ms, and a ViT-B/32 forward ran at half speed. One BLAS thread per
            // LibTorch worker is the configuration LibTorch itself assumes ($ACTIONCLIP_BLAS_THREADS overrides).
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(blasThreads());
        }
        int n = resolveThreads(requested);
        if (!interopSet) {
            interopSet = true;
            try {
                org.bytedeco.pytorch.global.torch.set_num_interop_threads(interopThreads(n));
            } catch (RuntimeException e) {
                // Already started by someone else (LibTorch refuses a second size): keep its pool.
            }
        }
        if (n != threads) {
            org.bytedeco.pytorch.global.torch.set_num_threads(n);
            threads = n;
        }
        return threads;
    }

    /**
     * The intra-op thread count {@link #init(int)} would use for {@code requested}, without loading anything:
     * {@code requested} when positive, else {@code $ACTIONCLIP_THREADS} when set, else every available processor.
     *
     * @throws IllegalArgumentException when {@code $ACTIONCLIP_THREADS} is not a positive integer
     */
    public static int resolveThreads(int requested) {
        return requested > 0 ? requested : defaultThreads(System.getenv(THREADS_ENV));
    }

    /**
     * The inter-op pool size {@link #init(int)} gives LibTorch for {@code threads} intra-op threads (the first call
     * only): inter-op parallelism is rarely used at inference, and a small fixed pool avoids oversubscription.
     */
    public static int interopThreads(int threads) {
        return Math.max(1, Math.min(threads, 2));
    }

    /** OpenBLAS's own thread count {@link #init(int)} sets: {@code $ACTIONCLIP_BLAS_THREADS}, else 1. */
    public static int blasThreads() {
        return defaultBlasThreads(System.getenv(BLAS_THREADS_ENV));
    }

    /** Intra-op threads set by the last {@link #init(int)}, 0 before the first call. */
    public static synchronized int threads() {
        return threads;
    }

    static int defaultBlasThreads(String env) {
        try {
            return env == null || env.isBlank() ? 1 : Math.max(1, Integer.parseInt(env.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("$" + BLAS_THREADS_ENV + " must be a positive integer, got '" + env + "'");
        }
    }

    static int defaultThreads(String env) {
        if (env == null || env.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(env.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_ENV + " must be a positive integer, got '" + env + "'");
    }

    /**
     * Loads the bundled LibTorch libraries so that no system copy can be mixed in, then lets JavaCPP finish.
     * Safe to call many times; {@link #init(int)} calls it.
     */
    public static synchronized void loadNatives() {
        if (nativesLoaded) {
            return;
        }
        if (Boolean.parseBoolean(System.getProperty(PRECACHE_PROPERTY, "true"))) {
            // OpenBLAS first: libtorch_cpu.so needs libopenblas.so.0, which lives in another cache directory.
            Loader.load(org.bytedeco.openblas.global.openblas.class);
            File[] files = cacheBundled(org.bytedeco.pytorch.global.torch.class, "org/bytedeco/pytorch/");
            if (files != null) {
                preloadInOrder(files);
            }
        }
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        nativesLoaded = true;
    }

    /**
     * Extracts the platform directory of a preset (every library it bundles) into the cache in one go, or
     * returns null when that directory is not on the class path (natives supplied some other way).
     * Uses {@code Class} literals only, which do not run the presets' static loaders.
     */
    private static File[] cacheBundled(Class<?> cls, String prefix) {
        String ext = platformExtension();
        String base = "/" + prefix + Loader.getPlatform();
        if (ext == null) {
            if (cls.getResource(base + "-gpu") != null) {
                // Both builds on the class path: JavaCPP picks one at load time (falling back to the CPU build when
                // CUDA is missing), so preloading either could mix them. Leave the choice to JavaCPP.
                return null;
            }
            ext = "";
        }
        String dir = base + ext;
        if (cls.getResource(dir) == null) {
            return null;
        }
        try {
            File[] files = Loader.cacheResources(cls, dir);
            if (files == null || files.length == 0) {
                throw new IllegalStateException("could not extract " + dir + " to the JavaCPP cache");
            }
            return files;
        } catch (IOException e) {
            throw new IllegalStateException("could not extract " + dir + " to the JavaCPP cache: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the extracted libraries by absolute path in dependency order. Once a library is loaded, the dynamic
     * linker satisfies every later {@code DT_NEEDED} entry naming its soname with that copy before it searches
     * any path, so neither {@code LD_LIBRARY_PATH} (which outranks {@code $ORIGIN} runpaths) nor the system
     * directories can bring in a second c10/torch_cpu. JavaCPP's own later loads of the same files are no-ops.
     */
    private static void preloadInOrder(File[] files) {
        for (String name : PRELOAD_ORDER) {
            File f = find(files, name);
            if (f == null) {
                continue;
            }
            try {
                System.load(f.getAbsolutePath());
            } catch (UnsatisfiedLinkError e) {
                if (!name.contains("cuda")) {
                    throw new IllegalStateException("cannot load bundled " + f + ": " + e.getMessage(), e);
                }
                // CUDA libraries need a system CUDA; leave the diagnosis to JavaCPP's own loader.
                return;
            }
        }
    }

    /** The bundled libraries, each after everything it links against. */
    private static final String[] PRELOAD_ORDER = {
        "libgomp.so.1", "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so",
    };

    /** {@code Loader.cacheResources} returns the extracted directory itself (or, for loose files, the files). */
    private static File find(File[] files, String name) {
        for (File f : files) {
            File candidate = f.isDirectory() ? new File(f, name) : f;
            if (candidate.getName().equals(name) && candidate.isFile()) {
                return candidate;
            }
        }
        return null;
    }

    /** The platform extension chosen with a system property (e.g. {@code -gpu}), or null when none was. */
    private static String platformExtension() {
        return System.getProperty("org.bytedeco.javacpp.platform.extension",
                System.getProperty("javacpp.platform.extension"));
    }

    /** {@link #device(DeviceSpec)} of {@link DeviceSpec#parse(String)}. */
    public static Device device(String spec) {
        return device(DeviceSpec.parse(spec));
    }

    /**
     * The LibTorch device for {@code spec}; asking for CUDA where this build or machine has none is an error whose
     * one-line message says which of the three cases it is (see {@link #cudaUnavailableReason()}).
     */
    public static Device device(DeviceSpec spec) {
        if (!spec.cuda()) {
            return new Device(DeviceType.CPU, (byte) -1);
        }
        String why = cudaUnavailableReason();
        if (why != null) {
            throw new IllegalArgumentException("device '" + spec + "' requested but CUDA is not available: " + why);
        }
        long count = org.bytedeco.pytorch.global.torch.cuda_device_count();
        if (spec.index() >= count) {
            throw new IllegalArgumentException("device '" + spec + "' requested but only " + count
                    + " CUDA device(s) are visible (cuda:0 .. cuda:" + (count - 1) + ")");
        }
        return new Device(DeviceType.CUDA, (byte) spec.index());
    }

    /**
     * Why CUDA cannot be used here, in a few words ending with what to do, or null when it can. Tells apart the CPU
     * build of LibTorch, the GPU build whose natives did not load (JavaCPP then falls back to the CPU build, so the
     * loaded LibTorch has no CUDA although the {@code -gpu} jar is on the class path) and a CUDA build that sees no GPU.
     * Loads the natives.
     */
    public static String cudaUnavailableReason() {
        loadNatives();
        if (org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            return null;
        }
        if (org.bytedeco.pytorch.global.torch.hasCUDA()) {
            return "this LibTorch has CUDA but no GPU or driver is visible (check nvidia-smi); use --device cpu";
        }
        if (Torch.class.getResource("/org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu") != null) {
            return "the GPU build is on the class path but its natives did not load (libtorch_cuda.so needs the "
                    + "system CUDA 13 and cuDNN 9 libraries on the library path); use --device cpu";
        }
        return "this is the CPU build of LibTorch (build with -Pgpu on a machine with CUDA 13 and cuDNN 9); "
                + "use --device cpu";
    }

    /** The scalar type of {@link Precision#parse(String)}. */
    public static ScalarType dtype(String spec) {
        return Precision.parse(spec).scalarType();
    }
}
