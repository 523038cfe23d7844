package dev.actionclip.watch;

/**
 * What an {@link ActionWatcher} reports while it runs. On a live source the calls come from the scoring thread
 * ({@link #window}, {@link #event}) and the decoding thread ({@link #notice}); implementations that share state
 * between them must synchronise. Every method has a no-op default.
 */
public interface WatchListener {
    /** One window's smoothed label probabilities, in time order. */
    default void window(ScoredWindow w) {
    }

    /** An event, as soon as it ended (or at the end of the stream). */
    default void event(Event e) {
    }

    /** Something the user should know that is not an error: a reconnect, a source that went quiet. */
    default void notice(String message) {
    }
}
