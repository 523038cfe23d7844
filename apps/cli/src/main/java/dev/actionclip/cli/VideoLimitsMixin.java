package dev.actionclip.cli;

import dev.actionclip.video.VideoLimits;
import picocli.CommandLine.Option;

/**
 * {@code --max-pixels} and {@code --decode-timeout}: what one video may cost before it becomes an error row
 * (a header claiming 100000×100000, a file that decodes for ever) instead of a hung or crashed batch.
 */
public final class VideoLimitsMixin {
    @Option(names = "--max-pixels", defaultValue = "7680x4320", paramLabel = "WxH|N",
            description = "Refuse videos whose picture is larger than this many pixels, as WIDTHxHEIGHT or a count "
                    + "(default ${DEFAULT-VALUE}, 8K UHD).")
    String maxPixels;

    @Option(names = "--decode-timeout", defaultValue = "120s", paramLabel = "TIME",
            description = "Give up on a video after this much decoding time, e.g. 30s, 2m; 0 for no limit "
                    + "(default ${DEFAULT-VALUE}).")
    String decodeTimeout;

    /** The limits the options describe; a malformed value is a {@link UserInputException} naming the option. */
    public VideoLimits limits() {
        long pixels;
        try {
            pixels = VideoLimits.parsePixels(maxPixels);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--max-pixels: " + e.getMessage());
        }
        try {
            return new VideoLimits(pixels, VideoLimits.parseTimeout(decodeTimeout));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--decode-timeout: " + e.getMessage());
        }
    }
}
