package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;
import java.util.List;

/** Turns the T frames of a clip into model input: float32 [crops × T, 3, H, W], crop-major. */
public interface Preprocessor {
    FrameTensor apply(List<RgbImage> frames);
}
