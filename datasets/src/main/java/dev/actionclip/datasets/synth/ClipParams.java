package dev.actionclip.datasets.synth;

import java.util.SplittableRandom;

/**
 * The random appearance of one clip, independent of its label's direction: "moving left" and "moving right"
 * rendered with the same parameters are each other's frames reversed. Lengths are fractions of the frame side.
 *
 * @param placeX    where the trajectory sits horizontally, 0..1 of the room left free
 * @param placeY    the same vertically
 * @param radius    object radius
 * @param travel    distance moved (or bounce height)
 * @param scaleFrom radius factor at the first frame of "growing"
 * @param scaleTo   radius factor at the last frame of "growing"
 * @param angle     orientation of the shape (radians)
 * @param spin      rotation over the clip for "rotating clockwise" (radians)
 * @param bounces   number of bounces
 * @param background background RGB, each 0..255
 * @param noise     amplitude of per-pixel, per-frame grey noise
 * @param tint      offsets added to the object's colour
 * @param noiseSeed seed of the per-frame noise
 */
public record ClipParams(double placeX, double placeY, double radius, double travel, double scaleFrom,
                         double scaleTo, double angle, double spin, double bounces, int[] background, int noise,
                         int[] tint, long noiseSeed) {
    /** Draws every parameter from {@code rng}; the ranges keep the object inside the frame. */
    public static ClipParams random(SplittableRandom rng) {
        return new ClipParams(
                rng.nextDouble(), rng.nextDouble(),
                // large objects that cross most of the frame: with small, short motions a model trained from
                // scratch spends most of its budget before it starts to see where the object is
                rng.nextDouble(0.13, 0.18),
                rng.nextDouble(0.55, 0.65),
                rng.nextDouble(0.45, 0.65), rng.nextDouble(1.15, 1.4),
                rng.nextDouble(0, 2 * Math.PI),
                rng.nextDouble(Math.toRadians(50), Math.toRadians(80)),
                rng.nextDouble(1.5, 3.0),
                new int[] {rng.nextInt(15, 100), rng.nextInt(15, 100), rng.nextInt(15, 100)},
                rng.nextInt(4, 28),
                new int[] {rng.nextInt(-25, 26), rng.nextInt(-25, 26), rng.nextInt(-25, 26)},
                rng.nextLong());
    }
}
