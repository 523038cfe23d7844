package dev.actionclip.datasets.synth;

import java.util.SplittableRandom;

/**
 * Draws the frames of a synthetic action clip into packed RGB24 arrays ({@code size * size * 3} bytes, rows top
 * to bottom). The forward motion of each {@link Motion.Kind} is drawn frame by frame (background noise included)
 * and a {@link Motion#reversed} motion returns the same array in reverse order.
 */
public final class ClipRenderer {
    private ClipRenderer() {
    }

    /** Object state in pixels at one frame. */
    private record State(double x, double y, double r, double angle) {
    }

    public static byte[][] render(ActionLabel label, ClipParams p, int frames, int size) {
        if (frames < 2 || size < 16) {
            throw new IllegalArgumentException("need at least 2 frames of 16x16, got " + frames + " of " + size);
        }
        byte[][] out = new byte[frames][];
        for (int k = 0; k < frames; k++) {
            double t = k / (double) (frames - 1);
            byte[] img = background(p, k, size);
            draw(img, size, label, p, state(label.motion().kind, p, t, size));
            out[label.motion().reversed ? frames - 1 - k : k] = img;
        }
        return out;
    }

    private static State state(Motion.Kind kind, ClipParams p, double t, int size) {
        double r = p.radius();
        double maxR = kind == Motion.Kind.SCALE ? r * p.scaleTo() : r;
        double spanX = kind == Motion.Kind.HORIZONTAL ? p.travel() : 0;
        double spanY = kind == Motion.Kind.VERTICAL || kind == Motion.Kind.BOUNCE ? p.travel() : 0;
        // centre of the trajectory, placed so that the object stays inside the frame all the time
        double cx = maxR + spanX / 2 + p.placeX() * Math.max(0, 1 - 2 * maxR - spanX);
        double cy = maxR + spanY / 2 + p.placeY() * Math.max(0, 1 - 2 * maxR - spanY);
        double x = cx;
        double y = cy;
        double angle = p.angle();
        switch (kind) {
            case HORIZONTAL -> x = cx + (t - 0.5) * p.travel();
            case VERTICAL -> y = cy + (t - 0.5) * p.travel();
            case SCALE -> r = r * (p.scaleFrom() + (p.scaleTo() - p.scaleFrom()) * t);
            case ROTATION -> angle = p.angle() + p.spin() * t; // y points down: a growing angle turns clockwise
            case BOUNCE -> y = cy + p.travel() / 2 - p.travel() * Math.abs(Math.sin(Math.PI * p.bounces() * t));
            default -> throw new IllegalStateException(kind.toString());
        }
        return new State(x * size, y * size, r * size, angle);
    }

    /** Background colour plus grey noise; frame {@code k} (in forward order) has its own noise. */
    private static byte[] background(ClipParams p, int k, int size) {
        byte[] img = new byte[size * size * 3];
        SplittableRandom rng = new SplittableRandom(p.noiseSeed() ^ (0x9E3779B97F4A7C15L * (k + 1)));
        int a = p.noise();
        int[] bg = p.background();
        for (int i = 0; i < size * size; i++) {
            int n = a == 0 ? 0 : rng.nextInt(2 * a + 1) - a;
            img[3 * i] = (byte) clamp(bg[0] + n);
            img[3 * i + 1] = (byte) clamp(bg[1] + n);
            img[3 * i + 2] = (byte) clamp(bg[2] + n);
        }
        return img;
    }

    private static void draw(byte[] img, int size, ActionLabel label, ClipParams p, State s) {
        Colour c = label.colour();
        int[] tint = p.tint();
        byte cr = (byte) clamp(c.r + tint[0]);
        byte cg = (byte) clamp(c.g + tint[1]);
        byte cb = (byte) clamp(c.b + tint[2]);
        double cos = Math.cos(-s.angle);
        double sin = Math.sin(-s.angle);
        int x0 = Math.max(0, (int) Math.floor(s.x - s.r));
        int x1 = Math.min(size - 1, (int) Math.ceil(s.x + s.r));
        int y0 = Math.max(0, (int) Math.floor(s.y - s.r));
        int y1 = Math.min(size - 1, (int) Math.ceil(s.y + s.r));
        for (int py = y0; py <= y1; py++) {
            for (int px = x0; px <= x1; px++) {
                double dx = (px + 0.5 - s.x) / s.r;
                double dy = (py + 0.5 - s.y) / s.r;
                // rotate the pixel back into the shape's own frame
                double u = dx * cos - dy * sin;
                double v = dx * sin + dy * cos;
                if (label.shape().contains(u, v)) {
                    int o = 3 * (py * size + px);
                    img[o] = cr;
                    img[o + 1] = cg;
                    img[o + 2] = cb;
                }
            }
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
