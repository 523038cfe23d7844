package dev.actionclip.cli;

import dev.actionclip.cli.FormatOption.Format;
import dev.actionclip.formats.Json;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.torch.CpuFeatures;
import dev.actionclip.torch.Torch;
import dev.actionclip.torch.TorchSelfCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code action-clip doctor}: what this machine and installation give the CLI, one check at a time, so a new user
 * (or a bug report) sees in one screen why something is slow or does not load. Each check is OK, WARN (works, but
 * look at this), SKIP (needs a check that failed) or FAIL; a failing check is contained (including
 * {@link UnsatisfiedLinkError} and {@link ExceptionInInitializerError} from native loading) and the others still
 * run. Exit 0 when nothing failed, 1 naming the failed checks.
 */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {"Check the installation: Java, OS, CPU features, threads, LibTorch (version, where its "
                + "natives were loaded from, a small matrix product), CUDA, FFmpeg, the JavaCPP cache, the CLIP "
                + "vocabulary and environment variables that change speed.",
            "Each check is OK, WARN (works, but look at this), SKIP (depends on a failed check) or FAIL. "
                + "Paste the output into bug reports. For a checkpoint, use 'action-clip info --model PATH'."},
        footer = {"", "Examples:", "  action-clip doctor", "  action-clip doctor --threads 4 --format json",
            "", "Exit codes: 0 no check failed (warnings allowed), 1 a check failed (named on stderr), 2 usage error."})
public final class DoctorCommand implements Callable<Integer> {
    /** The outcome of one check. */
    enum Status { OK, WARN, SKIP, FAIL }

    /** Fills in {@code details} and returns OK or WARN; throws (anything, linkage errors included) to fail. */
    @FunctionalInterface
    interface Probe {
        Status run(Map<String, Object> details) throws Exception;
    }

    /** A named check; {@code needs} names an earlier check that must not have failed (null: none). */
    record Check(String name, String needs, Probe probe) {
        static Check of(String name, Probe probe) {
            return new Check(name, null, probe);
        }
    }

    /** A check's outcome: its details, and the error that failed it (or the reason it was skipped). */
    record Result(String name, Status status, Map<String, Object> details, String error) {
        /** "error", or "reason" for a skipped check. */
        String errorKey() {
            return status == Status.SKIP ? "reason" : "error";
        }
    }

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "LibTorch intra-op threads to check, as the model commands' --threads (default: "
                    + "$ACTIONCLIP_THREADS, else all cores).")
    int threads;

    @Option(names = "--vocab", paramLabel = "FILE",
            description = "BPE vocabulary to check, as the model commands' --vocab (default: $ACTIONCLIP_VOCAB, else "
                    + "the bundled/default one, if any).")
    Path vocab;

    @CommandLine.Mixin
    FormatOption format = FormatOption.of(Format.TEXT, Format.JSON);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Check> injected;

    public DoctorCommand() {
        this(null);
    }

    /** With {@code checks} instead of the standard ones (tests). */
    DoctorCommand(List<Check> checks) {
        this.injected = checks;
    }

    @Override
    public Integer call() {
        Format fmt = format.resolve();
        List<Result> results = runAll(injected != null ? injected : standardChecks());
        PrintWriter out = spec.commandLine().getOut();
        if (fmt == Format.JSON) {
            out.println(Json.write(toJson(results)));
        } else {
            printText(out, results);
        }
        out.flush();
        List<String> failed = names(results, Status.FAIL);
        if (!failed.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            for (Result r : results) {
                if (r.status() == Status.FAIL) {
                    err.println("error: doctor: " + r.name() + " failed: " + r.error());
                }
            }
            err.flush();
            return Main.EXIT_INTERNAL;
        }
        return Main.EXIT_OK;
    }

    /** Runs every check in order; one failing never stops the next. */
    static List<Result> runAll(List<Check> checks) {
        List<Result> results = new ArrayList<>();
        Map<String, Status> seen = new LinkedHashMap<>();
        for (Check c : checks) {
            Map<String, Object> details = new LinkedHashMap<>();
            Result r;
            if (c.needs() != null && seen.get(c.needs()) == Status.FAIL) {
                r = new Result(c.name(), Status.SKIP, details, c.needs() + " failed");
            } else {
                try {
                    Status s = c.probe().run(details);
                    r = new Result(c.name(), s == null ? Status.OK : s, details, null);
                } catch (Exception | LinkageError e) {
                    r = new Result(c.name(), Status.FAIL, details, describe(e));
                }
            }
            seen.put(c.name(), r.status());
            results.add(r);
        }
        return results;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        if (t instanceof ExceptionInInitializerError && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        String type = t instanceof Error ? t.getClass().getSimpleName() + ": " : "";
        return type + (m == null || m.isBlank() ? t.getClass().getName() : m.strip());
    }

    private static List<String> names(List<Result> results, Status status) {
        return results.stream().filter(r -> r.status() == status).map(Result::name).toList();
    }

    static Map<String, Object> toJson(List<Result> results) {
        Map<String, Object> j = new LinkedHashMap<>();
        List<String> failed = names(results, Status.FAIL);
        j.put("status", failed.isEmpty() ? "OK" : "FAIL");
        j.put("failed", failed);
        j.put("warnings", names(results, Status.WARN));
        Map<String, Object> checks = new LinkedHashMap<>();
        for (Result r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("status", r.status().name());
            if (r.error() != null) {
                c.put(r.errorKey(), r.error());
            }
            c.putAll(r.details());
            checks.put(r.name(), c);
        }
        j.put("checks", checks);
        return j;
    }

    static void printText(PrintWriter out, List<Result> results) {
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-5s %s%n", r.status(), r.name());
            int width = r.details().keySet().stream().mapToInt(String::length).max().orElse(0);
            if (r.error() != null) {
                width = Math.max(width, r.errorKey().length());
            }
            String pad = "      ";
            for (Map.Entry<String, Object> e : r.details().entrySet()) {
                String key = String.format(Locale.ROOT, "%-" + (width + 1) + "s ", e.getKey() + ":");
                Object v = e.getValue();
                if (v instanceof List<?> l && !l.isEmpty()) {
                    for (int i = 0; i < l.size(); i++) {
                        out.println(pad + (i == 0 ? key : " ".repeat(key.length())) + text(l.get(i)));
                    }
                } else {
                    out.println(pad + key + text(v));
                }
            }
            if (r.error() != null) {
                out.println(pad + String.format(Locale.ROOT, "%-" + (width + 1) + "s ", r.errorKey() + ":") + r.error());
            }
        }
        List<String> failed = names(results, Status.FAIL);
        List<String> warned = names(results, Status.WARN);
        out.printf(Locale.ROOT, "%s%s%n", failed.isEmpty() ? "all checks passed" : "FAILED: " + String.join(", ", failed),
                warned.isEmpty() ? "" : " (warnings: " + String.join(", ", warned) + ")");
    }

    private static String text(Object v) {
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + " " + text(x)));
            return String.join(", ", parts);
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? "none" : l.toString();
        }
        return String.valueOf(v);
    }

    // ------------------------------------------------------------------------------------------------ the checks

    List<Check> standardChecks() {
        return List.of(
                Check.of("java", DoctorCommand::java),
                Check.of("os", DoctorCommand::os),
                Check.of("cpu", DoctorCommand::cpu),
                Check.of("threads", this::threads),
                Check.of("libtorch", this::libtorch),
                new Check("cuda", "libtorch", DoctorCommand::cuda),
                Check.of("ffmpeg", DoctorCommand::ffmpeg),
                Check.of("javacpp", DoctorCommand::javacpp),
                Check.of("vocabulary", this::vocabulary),
                Check.of("openblas", DoctorCommand::openblas));
    }

    static Status java(Map<String, Object> d) {
        d.put("version", System.getProperty("java.runtime.version", Runtime.version().toString()));
        d.put("vendor", System.getProperty("java.vendor"));
        d.put("vm", System.getProperty("java.vm.name"));
        d.put("home", System.getProperty("java.home"));
        return Status.OK;
    }

    static Status os(Map<String, Object> d) {
        d.put("name", System.getProperty("os.name"));
        d.put("version", System.getProperty("os.version"));
        d.put("arch", System.getProperty("os.arch"));
        d.put("platform", Loader.getPlatform());
        return Status.OK;
    }

    /** CPU model and the instruction sets LibTorch's kernels care about, from /proc/cpuinfo (Linux only). */
    static Status cpu(Map<String, Object> d) {
        CpuFeatures c = CpuFeatures.host();
        d.put("model", c.model() == null ? "unknown" : c.model());
        if (!c.known()) {
            d.put("features", "unknown");
            return Status.OK;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (String flag : List.of("avx2", "avx512f", "avx512_bf16")) {
            f.put(flag, c.has(flag));
        }
        f.put("amx", c.amx());
        d.put("features", f);
        d.put("bf16", c.nativeBf16() ? "native (avx512_bf16/amx): --dtype auto picks bf16"
                : "emulated (no avx512_bf16/amx): --dtype float32 is usually faster here");
        return Status.OK;
    }

    /** The LibTorch thread counts a model command would use here (Torch's rule), without loading LibTorch. */
    Status threads(Map<String, Object> d) {
        d.put("cores", Runtime.getRuntime().availableProcessors());
        String env = System.getenv(Torch.THREADS_ENV);
        String source = threads > 0 ? "--threads" : env != null && !env.isBlank() ? "$" + Torch.THREADS_ENV
                : "all cores";
        int n = Torch.resolveThreads(threads); // throws on a bad $ACTIONCLIP_THREADS
        d.put("intra_op", n);
        d.put("intra_op_from", source);
        d.put("inter_op", Torch.interopThreads(n));
        d.put("openblas", Torch.blasThreads());
        d.put("openblas_from", System.getenv(Torch.BLAS_THREADS_ENV) == null ? "default"
                : "$" + Torch.BLAS_THREADS_ENV);
        return Status.OK;
    }

    /** Loads LibTorch as the model commands do, multiplies two matrices, and says which copy was loaded. */
    Status libtorch(Map<String, Object> d) {
        String selfCheck = TorchSelfCheck.run(threads); // loads, sets threads, checks the mapped copies
        d.put("version", TorchSelfCheck.libtorchVersion());
        d.put("preset", "org.bytedeco:pytorch " + implementationVersion(org.bytedeco.pytorch.global.torch.class));
        d.put("cpu_capability", TorchSelfCheck.cpuCapability());
        d.put("intra_op", org.bytedeco.pytorch.global.torch.get_num_threads());
        d.put("inter_op", org.bytedeco.pytorch.global.torch.get_num_interop_threads());
        Set<String> mapped = TorchSelfCheck.mappedLibraries("libc10", "libtorch_cpu");
        d.put("natives", mapped.isEmpty() ? List.of("unknown (no /proc/self/maps here)") : List.copyOf(mapped));
        d.put("self_check", selfCheck.startsWith("selfcheck ok") ? "ok (2x3 matrix product, no foreign LibTorch "
                + "library mapped)" : selfCheck);
        return Status.OK;
    }

    static Status cuda(Map<String, Object> d) {
        boolean built = org.bytedeco.pytorch.global.torch.hasCUDA();
        boolean available = org.bytedeco.pytorch.global.torch.cuda_is_available();
        d.put("available", available);
        int count = available ? org.bytedeco.pytorch.global.torch.cuda_device_count() : 0;
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add("cuda:" + i);
        }
        d.put("devices", devices);
        if (!available) {
            d.put("note", built ? "this LibTorch has CUDA but no GPU/driver is visible; --device cpu"
                    : "CPU build of LibTorch (build with -Pgpu on a CUDA machine for GPUs); --device cpu");
        }
        return Status.OK;
    }

    /** Loads the FFmpeg libraries video decoding uses and says which copies were loaded. */
    static Status ffmpeg(Map<String, Object> d) {
        Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
        d.put("version", org.bytedeco.ffmpeg.global.avutil.av_version_info().getString());
        d.put("preset", "org.bytedeco:ffmpeg " + implementationVersion(org.bytedeco.ffmpeg.global.avutil.class));
        Set<String> mapped = TorchSelfCheck.mappedLibraries("libavutil", "libavcodec", "libavformat", "libswscale");
        d.put("natives", mapped.isEmpty() ? List.of("unknown (no /proc/self/maps here)") : List.copyOf(mapped));
        return Status.OK;
    }

    static Status javacpp(Map<String, Object> d) throws IOException {
        d.put("cache", Loader.getCacheDir().getPath());
        d.put("version", implementationVersion(Loader.class));
        long max = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        d.put("max_physical_bytes", max <= 0 ? "unlimited" : String.format(Locale.ROOT, "%.1f GB", max / 1e9));
        return Status.OK;
    }

    /** The vocabulary a model without one beside it would use; missing is a warning (training from bytes is fine). */
    Status vocabulary(Map<String, Object> d) {
        try {
            ClipTokenizer t = ClipTokenizer.find(null, vocab);
            d.put("source", t.description());
            d.put("tokens", t.vocabSize());
            return Status.OK;
        } catch (IOException | RuntimeException e) {
            d.put("source", "none: " + describe(e));
            d.put("note", "models with a vocabulary beside them, and 'train --init' without --vocab, do not need one");
            return Status.WARN;
        }
    }

    static Status openblas(Map<String, Object> d) {
        String core = System.getenv("OPENBLAS_CORETYPE");
        if (core == null || core.isBlank()) {
            d.put("OPENBLAS_CORETYPE", "not set (OpenBLAS picks kernels for this CPU)");
            return Status.OK;
        }
        d.put("OPENBLAS_CORETYPE", core);
        d.put("note", "forces OpenBLAS's " + core + " kernels instead of the ones it would pick for this CPU; "
                + "float32 matrix products can be slower: unset it unless you need it");
        return Status.WARN;
    }

    /** The version in a jar's manifest (bytedeco presets: {@code <library version>-<javacpp version>}). */
    static String implementationVersion(Class<?> c) {
        Package p = c.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
