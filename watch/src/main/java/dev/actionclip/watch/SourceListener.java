package dev.actionclip.watch;

/**
 * What a multi-source watch ({@link ActionWatcher#watchAll}) reports, each call naming its source. Windows, events
 * and {@link #ended} come from the scoring thread (the caller of {@code watchAll}), notices from the source's
 * decoding thread; implementations that share state between them must synchronise. Every method has a no-op
 * default.
 */
public interface SourceListener {
    /** One window of {@code source}: its smoothed label probabilities, in time order per source. */
    default void window(WatchSource source, ScoredWindow w) {
    }

    /** An event of {@code source}, as soon as it ended (or at the end of that source). */
    default void event(WatchSource source, Event e) {
    }

    /** Something the user should know about {@code source} that is not an error: a reconnect, a quiet source. */
    default void notice(WatchSource source, String message) {
    }

    /** One source has ended (its end, its failure, or a stop); the others may go on. */
    default void ended(MultiWatch.SourceResult result) {
    }
}
