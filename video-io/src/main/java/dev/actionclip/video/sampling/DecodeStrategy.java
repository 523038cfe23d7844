package dev.actionclip.video.sampling;

/**
 * How to reach the sampled frames. SEQUENTIAL decodes every frame up to the last one needed (skipped frames
 * are decoded but not converted to RGB); SEEK jumps to each frame (FFmpeg seeks to the key frame before it
 * and decodes forward); AUTO decides per gap between two samples by expected decoding cost.
 */
public enum DecodeStrategy {
    AUTO, SEEK, SEQUENTIAL
}
