package dev.actionclip.video;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Decoded frames of a {@link VideoSource} in order, with their indices and timestamps, for live sources and
 * sliding windows. Closing the stream closes nothing but itself; the source stays owned by the caller.
 */
public final class FrameStream implements Iterator<RgbFrame>, Iterable<RgbFrame> {
    private final VideoSource source;
    private RgbFrame pending;
    private boolean ended;

    FrameStream(VideoSource source) {
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !ended) {
            pending = source.read();
            ended = pending == null;
        }
        return pending != null;
    }

    @Override
    public RgbFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException(source.source() + ": no more frames");
        }
        RgbFrame f = pending;
        pending = null;
        return f;
    }

    /** Skips {@code n} frames without converting them; returns how many were skipped before the end. */
    public long skip(long n) {
        long done = 0;
        if (pending != null && n > 0) {
            pending = null;
            done++;
        }
        while (done < n && !ended) {
            if (source.skip()) {
                done++;
            } else {
                ended = true;
            }
        }
        return done;
    }

    @Override
    public Iterator<RgbFrame> iterator() {
        return this;
    }
}
