package dev.actionclip.watch;

/**
 * Keeps frame numbers and timestamps increasing across reconnections of a live source. After a reconnect the
 * decoder usually restarts its frame count and often its timestamps (at 0 or at an unrelated value); the
 * {@link WindowPlanner} would ignore such frames as going backwards. Call {@link #reconnected()} after each
 * reopen: the first frame of the new connection is placed one frame interval after the last frame of the old
 * one, and later frames keep their spacing. The time spent reconnecting is not counted as media time.
 */
public final class StreamClock {
    private long nextIndex;
    private double lastOut = Double.NaN;
    private double lastRaw = Double.NaN;
    private double offset;
    private double interval = 1.0 / 30;
    private boolean rebase = true;

    /** Marks a new connection: the next frame's timestamp is rebased. */
    public void reconnected() {
        rebase = true;
    }

    /**
     * Maps the raw timestamp of the next decoded frame to a continuous one.
     *
     * @return the continuous timestamp in seconds; {@link #lastIndex()} is the continuous frame number
     */
    public double next(double rawTimestamp) {
        if (rebase) {
            offset = Double.isNaN(lastOut) ? 0 : lastOut + interval - rawTimestamp;
            rebase = false;
        } else if (!Double.isNaN(lastRaw) && rawTimestamp > lastRaw) {
            interval = rawTimestamp - lastRaw;
        }
        lastRaw = rawTimestamp;
        double out = rawTimestamp + offset;
        lastOut = Double.isNaN(lastOut) ? out : Math.max(lastOut, out);
        nextIndex++;
        return out;
    }

    /** The continuous number of the frame last passed to {@link #next}. */
    public long lastIndex() {
        return nextIndex - 1;
    }
}
