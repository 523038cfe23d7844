package dev.actionclip.watch;

import java.util.List;

/**
 * One complete window ready to score: its media time range, the {@code T} sampled frames (in time order) and
 * where each came from.
 *
 * @param index         0-based window number
 * @param start         start time in seconds (media time)
 * @param end           end time in seconds (exclusive)
 * @param frames        the sampled frames, one per segment (a frame may repeat when the stream was sparse)
 * @param frameIndices  the decoder frame index of each sampled frame
 * @param timestamps    the timestamp in seconds of each sampled frame
 * @param partial       true for the last window closed by end of stream before it was full
 */
public record Window<F>(long index, double start, double end, List<F> frames, long[] frameIndices,
                        double[] timestamps, boolean partial) {
    public double duration() {
        return end - start;
    }
}
