package dev.actionclip.watch;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Reopens a live source with exponential back-off: after the {@code n}-th consecutive failure it waits
 * {@code min(max, initial * 2^(n-1))}, spread by a seeded random jitter of +/- {@code jitter} (a fraction), then
 * tries again; it gives up after {@code maxFailures} consecutive failures (0 = never). A success resets the count.
 * The sleeper is injectable so tests run on a fake clock.
 */
public final class Reconnector<T> {
    /** Waits; the real one is {@link Thread#sleep}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** Thrown when the source failed {@code maxFailures} times in a row. */
    public static final class GaveUpException extends RuntimeException {
        public GaveUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Supplier<T> opener;
    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;
    private final int maxFailures;
    private final Sleeper sleeper;
    private final Random random;
    private int failures;
    private long totalFailures;

    /**
     * @param opener        opens the source; throws (any RuntimeException) on failure
     * @param initialMillis first delay
     * @param maxMillis     delay cap
     * @param jitter        fraction in [0, 1): each delay is scaled by a uniform factor in [1 - jitter, 1 + jitter]
     * @param seed          seed of the jitter
     * @param maxFailures   consecutive failures before giving up, 0 for never
     */
    public Reconnector(Supplier<T> opener, long initialMillis, long maxMillis, double jitter, long seed,
                       int maxFailures, Sleeper sleeper) {
        if (initialMillis < 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("back-off needs 0 <= initial <= max, got " + initialMillis + " ms and "
                    + maxMillis + " ms");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("max failures must be >= 0 (0 = never give up), got " + maxFailures);
        }
        this.opener = opener;
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.jitter = jitter;
        this.maxFailures = maxFailures;
        this.sleeper = sleeper;
        this.random = new Random(seed);
    }

    /** With the real clock. */
    public Reconnector(Supplier<T> opener, long initialMillis, long maxMillis, double jitter, long seed,
                       int maxFailures) {
        this(opener, initialMillis, maxMillis, jitter, seed, maxFailures, Thread::sleep);
    }

    /**
     * Opens the source, retrying with back-off.
     *
     * @throws GaveUpException after {@code maxFailures} consecutive failures, with the last failure as cause
     * @throws InterruptedException when interrupted while waiting
     */
    public T open() throws InterruptedException {
        while (true) {
            try {
                T t = opener.get();
                failures = 0;
                return t;
            } catch (RuntimeException e) {
                failures++;
                totalFailures++;
                if (maxFailures > 0 && failures >= maxFailures) {
                    throw new GaveUpException("gave up after " + failures + " failed attempts to open the source: "
                            + e.getMessage(), e);
                }
                sleeper.sleep(delayMillis(failures));
            }
        }
    }

    /** The delay after the {@code n}-th consecutive failure (draws one jitter sample). */
    long delayMillis(int n) {
        double base = initialMillis * Math.pow(2, Math.min(n - 1, 62));
        double capped = Math.min(maxMillis, base);
        double factor = jitter == 0 ? 1 : 1 - jitter + 2 * jitter * random.nextDouble();
        return Math.round(capped * factor);
    }

    /** Consecutive failures so far (0 after a success). */
    public int failures() {
        return failures;
    }

    /** Failures over the whole life of this reconnector. */
    public long totalFailures() {
        return totalFailures;
    }
}
