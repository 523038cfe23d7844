package dev.actionclip.video.sampling;

import java.util.List;

/** Chooses which frames of a video to decode: 0-based indices for each temporal view. */
public interface FrameSampler {
    /**
     * Indices (each in {@code [0, frameCount)}, in clip order) for every temporal view.
     *
     * @param frameCount frames available, at least 1
     */
    List<int[]> sample(int frameCount);

    /** How many frames one view holds. */
    int framesPerView();
}
