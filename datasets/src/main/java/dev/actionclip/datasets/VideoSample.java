package dev.actionclip.datasets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One labelled item of a dataset: a video file (optionally a time range inside it) or a folder of
 * extracted frames.
 *
 * @param path      the video file, or the frame folder when {@code frames} is present
 * @param labelId   index into {@link Dataset#labelNames()}
 * @param labelName the class name
 * @param range     seconds inside the video to sample from; empty means the whole file
 * @param frames    present when {@code path} is a folder of extracted frames
 * @param source    where the entry came from ({@code file:line}), for error messages
 */
public record VideoSample(Path path, int labelId, String labelName, Optional<TimeRange> range,
                          Optional<FrameFolder> frames, String source) {
    public VideoSample {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(labelName, "labelName");
        range = range == null ? Optional.empty() : range;
        frames = frames == null ? Optional.empty() : frames;
        source = source == null ? path.toString() : source;
        if (labelId < 0) {
            throw new IllegalArgumentException("negative label id " + labelId + " for " + source);
        }
    }

    /** A whole video file. */
    public static VideoSample video(Path path, int labelId, String labelName, String source) {
        return new VideoSample(path, labelId, labelName, Optional.empty(), Optional.empty(), source);
    }

    public boolean isFrameFolder() {
        return frames.isPresent();
    }

    /** A range of seconds inside a video, {@code 0 <= start < end}. */
    public record TimeRange(double start, double end) {
        public TimeRange {
            if (!(start >= 0) || !(end > start)) {
                throw new IllegalArgumentException("bad time range [" + start + ", " + end + "]");
            }
        }

        public double duration() {
            return end - start;
        }
    }

    /**
     * A folder of numbered frame images.
     *
     * @param count      number of frames
     * @param template   {@link String#format} pattern of a frame file name, e.g. {@code img_%05d.jpg}
     * @param firstIndex the number of the first frame (1 in ActionCLIP/mmaction lists)
     */
    public record FrameFolder(int count, String template, int firstIndex) {
        public FrameFolder {
            if (count <= 0) {
                throw new IllegalArgumentException("frame count must be positive: " + count);
            }
            Objects.requireNonNull(template, "template");
        }

        /** The file name of frame {@code i} (0-based). */
        public String fileName(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException("frame " + i + " of " + count);
            }
            return String.format(java.util.Locale.ROOT, template, firstIndex + i);
        }
    }
}
