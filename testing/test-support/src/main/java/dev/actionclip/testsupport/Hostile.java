package dev.actionclip.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The contract of a reader fed hostile bytes, for fuzz targets and crafted-input tests: it returns, or throws
 * one of its own documented exception types; never a crash type (stack overflow, out of memory, negative array
 * size, index out of bounds, arithmetic, null pointer, class cast) — not even wrapped as the cause of an allowed
 * exception, which would hide the bug; and it stays within a time and a heap-allocation budget.
 */
public final class Hostile {
    /** Wall time one input may take; fuzzing also sets libFuzzer's -timeout (scripts/fuzz). */
    public static final long DEFAULT_MILLIS = 3_000;
    /** Heap one input may allocate: a constant for class loading and JIT warm-up, plus this many bytes per input byte. */
    public static final long BASE_ALLOCATION = 48L << 20;
    public static final long ALLOCATION_PER_INPUT_BYTE = 2_048;

    private static final List<Class<? extends Throwable>> CRASHES = List.of(StackOverflowError.class,
            OutOfMemoryError.class, NegativeArraySizeException.class, IndexOutOfBoundsException.class,
            ArithmeticException.class, NullPointerException.class, ClassCastException.class);

    private static Path dir;
    private static long files;
    private static final java.util.Map<String, Path> written = new java.util.HashMap<>();

    private Hostile() {
    }

    /** Work that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} on an input of {@code inputBytes} bytes. Returns normally or with an exception of one of
     * the {@code allowed} types (returned, for further checks; null when it returned normally); anything else is an
     * {@link AssertionError} carrying the original as its cause.
     */
    @SafeVarargs
    public static Throwable check(String what, long inputBytes, Body body, Class<? extends Throwable>... allowed) {
        return check(what, DEFAULT_MILLIS, BASE_ALLOCATION + ALLOCATION_PER_INPUT_BYTE * inputBytes, body, allowed);
    }

    /**
     * {@link #check(String, long, Body, Class[])} with explicit time and allocation budgets. An input over a budget is
     * run a second time and judged by that run, so class loading, instrumentation and JIT warm-up of a first call do
     * not count: the body must be repeatable (read a file, parse a string).
     */
    @SafeVarargs
    public static Throwable check(String what, long maxMillis, long maxAllocatedBytes, Body body,
                                  Class<? extends Throwable>... allowed) {
        Run run = Run.of(body);
        judge(what, run.thrown, allowed);
        if (run.millis > maxMillis || run.allocated > maxAllocatedBytes) {
            run = Run.of(body); // warm now
        }
        if (run.millis > maxMillis) {
            throw new AssertionError(what + ": took " + run.millis + " ms (budget " + maxMillis + " ms)", run.thrown);
        }
        if (run.allocated > maxAllocatedBytes) {
            throw new AssertionError(what + ": allocated " + (run.allocated >> 20) + " MB (budget "
                    + (maxAllocatedBytes >> 20) + " MB)", run.thrown);
        }
        return run.thrown;
    }

    /** One run of a body: what it threw, how long it took, what it allocated (-1 when the JVM cannot tell). */
    private record Run(Throwable thrown, long millis, long allocated) {
        static Run of(Body body) {
            com.sun.management.ThreadMXBean mx = threads();
            long tid = Thread.currentThread().getId();
            long allocated0 = mx == null ? -1 : mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            Throwable thrown = null;
            try {
                body.run();
            } catch (Throwable t) {
                thrown = t;
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long allocated = mx == null || allocated0 < 0 ? -1 : mx.getThreadAllocatedBytes(tid) - allocated0;
            return new Run(thrown, millis, allocated);
        }
    }

    @SafeVarargs
    private static void judge(String what, Throwable thrown, Class<? extends Throwable>... allowed) {
        if (thrown == null) {
            return;
        }
        if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(thrown))) {
            throw new AssertionError(what + ": unexpected " + thrown, thrown);
        }
        for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> crash : CRASHES) {
                if (crash.isInstance(c)) {
                    throw new AssertionError(what + ": " + thrown.getClass().getSimpleName() + " hides a "
                            + crash.getSimpleName() + " (fix the cause): " + thrown, thrown);
                }
            }
        }
        if (thrown.getMessage() == null || thrown.getMessage().isBlank()) {
            throw new AssertionError(what + ": " + thrown.getClass().getName() + " without a message", thrown);
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            if (!sun.isThreadAllocatedMemoryEnabled()) {
                sun.setThreadAllocatedMemoryEnabled(true);
            }
            return sun;
        }
        return null;
    }

    /**
     * Writes {@code bytes} to a fresh file named like {@code name} ({@code dir/name} becomes {@code dir/<n>-name},
     * keeping the extension readers look at) in a private temporary folder, in memory under /dev/shm when there is
     * one, and deletes the file the previous call for {@code name} wrote. A new file each time: readers memory-map
     * what they read, and truncating a file that many old mappings still cover gets slower with every run.
     * The folder is deleted when the JVM exits.
     */
    public static synchronized Path file(String name, byte[] bytes) {
        try {
            Path logical = folder().resolve(name);
            Files.createDirectories(logical.getParent());
            Path p = logical.resolveSibling((++files) + "-" + logical.getFileName());
            Files.write(p, bytes);
            Path previous = written.put(name, p);
            if (previous != null) {
                Files.deleteIfExists(previous);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private temporary folder (created on first use). */
    public static synchronized Path folder() {
        if (dir == null) {
            try {
                Path shm = Paths.get("/dev/shm");
                dir = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempDirectory(shm, "actionclip-hostile-")
                        : Files.createTempDirectory("actionclip-hostile-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path d = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
        }
        return dir;
    }

    private static void deleteTree(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort at exit
        }
    }
}
