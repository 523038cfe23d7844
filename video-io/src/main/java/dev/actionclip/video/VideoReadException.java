package dev.actionclip.video;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A video that cannot be opened or decoded: names the source (path or URL) and the reason. It is an
 * {@link UncheckedIOException} so command-line front ends treat it as bad input (exit code 2) without
 * special cases, and so streaming APIs need no checked exceptions.
 */
public class VideoReadException extends UncheckedIOException {
    private final String source;
    private final String reason;

    public VideoReadException(String source, String reason) {
        this(source, reason, null);
    }

    public VideoReadException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause instanceof IOException io ? io : new IOException(reason, cause));
        this.source = source;
        this.reason = reason;
    }

    /** The path or URL that failed. */
    public String source() {
        return source;
    }

    /** Why it failed, without the source. */
    public String reason() {
        return reason;
    }
}
