package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;
import dev.actionclip.video.preprocess.PilResampler.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * ActionCLIP's training augmentation, drawn once per clip so all frames get the same geometry and colours:
 * <ol>
 * <li>(raw videos only) short side to {@code scaleSize} with bicubic filtering — ActionCLIP trains on frames
 *     extracted at about that size;</li>
 * <li>multi-scale crop (TSN): crop sides {@code int(min(w, h) · s)} for s in {1, .875, .75, .66}, snapped to
 *     the input size when within 3 px, width and height scales at most one step apart, placed at one of 13
 *     fixed offsets (corners, centre, edge centres, quarter points), then bilinear resize to the input size;</li>
 * <li>horizontal flip with probability 0.5;</li>
 * <li>colour jitter with probability 0.8: brightness 0.4, contrast 0.4, saturation 0.2, hue 0.1, in random
 *     order (ActionCLIP's torchvision call draws new factors per frame; here one draw per clip);</li>
 * <li>grayscale with probability 0.2; then CLIP normalisation.</li>
 * </ol>
 * The random numbers come from a {@link Random} seeded at construction: the same seed gives the same clips.
 */
public final class TrainAugment implements Preprocessor {
    private static final double[] SCALES = {1, .875, .75, .66};
    private final int size;
    private final int scaleSize;
    private final Normalization norm;
    private final Random rnd;
    private double flipP = 0.5;
    private double jitterP = 0.8;
    private double grayP = 0.2;

    /** Input size {@code size}, pre-scaling to {@code size * 256 / 224}, CLIP statistics. */
    public TrainAugment(int size, long seed) {
        this(size, size * 256 / 224, Normalization.CLIP, seed);
    }

    /** {@code scaleSize} 0 skips the pre-scaling step (frames already at training size). */
    public TrainAugment(int size, int scaleSize, Normalization norm, long seed) {
        this.size = size;
        this.scaleSize = scaleSize;
        this.norm = norm;
        this.rnd = new Random(seed);
    }

    /** Changes the flip, jitter and grayscale probabilities (0 disables one). */
    public TrainAugment probabilities(double flip, double jitter, double gray) {
        this.flipP = flip;
        this.jitterP = jitter;
        this.grayP = gray;
        return this;
    }

    @Override
    public synchronized FrameTensor apply(List<RgbImage> frames) {
        List<RgbImage> imgs = new ArrayList<>(frames.size());
        for (RgbImage f : frames) {
            imgs.add(scaleSize > 0 ? ClipPreprocessor.resizeShortSide(f, scaleSize, Filter.BICUBIC) : f);
        }
        int w = imgs.get(0).width();
        int h = imgs.get(0).height();
        int[] crop = sampleCrop(w, h);
        boolean flip = rnd.nextDouble() < flipP;
        boolean jitter = rnd.nextDouble() < jitterP;
        double b = 1 + (rnd.nextDouble() * 2 - 1) * 0.4;
        double c = 1 + (rnd.nextDouble() * 2 - 1) * 0.4;
        double s = 1 + (rnd.nextDouble() * 2 - 1) * 0.2;
        double hue = (rnd.nextDouble() * 2 - 1) * 0.1;
        int[] order = permutation4();
        boolean gray = rnd.nextDouble() < grayP;
        int per = 3 * size * size;
        float[] out = new float[frames.size() * per];
        for (int i = 0; i < imgs.size(); i++) {
            RgbImage img = imgs.get(i);
            if (img.width() != w || img.height() != h) {
                throw new IllegalArgumentException("frames of one clip differ in size: " + w + "x" + h + " vs "
                        + img.width() + "x" + img.height());
            }
            img = PilResampler.resize(img.crop(crop[2], crop[3], crop[0], crop[1]), size, size, Filter.BILINEAR);
            if (flip) {
                img = img.flipHorizontal();
            }
            if (jitter) {
                for (int op : order) {
                    img = switch (op) {
                        case 0 -> ColorOps.brightness(img, b);
                        case 1 -> ColorOps.contrast(img, c);
                        case 2 -> ColorOps.saturation(img, s);
                        default -> ColorOps.hue(img, hue);
                    };
                }
            }
            if (gray) {
                img = ColorOps.grayscale(img);
            }
            norm.write(img, out, i * per);
        }
        return new FrameTensor(out, 1, frames.size(), size, size);
    }

    /** {crop width, crop height, x, y} as TSN's GroupMultiScaleCrop with fix_crop and more_fix_crop. */
    int[] sampleCrop(int w, int h) {
        int base = Math.min(w, h);
        int[] sizes = new int[SCALES.length];
        for (int i = 0; i < SCALES.length; i++) {
            int v = (int) (base * SCALES[i]);
            sizes[i] = Math.abs(v - size) < 3 ? size : v;
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            for (int j = 0; j < sizes.length; j++) {
                if (Math.abs(i - j) <= 1) {
                    pairs.add(new int[] {sizes[j], sizes[i]});
                }
            }
        }
        int[] pair = pairs.get(rnd.nextInt(pairs.size()));
        int cw = Math.min(pair[0], w);
        int ch = Math.min(pair[1], h);
        int ws = (w - cw) / 4;
        int hs = (h - ch) / 4;
        int[][] offs = {{0, 0}, {4, 0}, {0, 4}, {4, 4}, {2, 2}, {0, 2}, {4, 2}, {2, 4}, {2, 0},
            {1, 1}, {3, 1}, {1, 3}, {3, 3}};
        int[] o = offs[rnd.nextInt(offs.length)];
        return new int[] {cw, ch, o[0] * ws, o[1] * hs};
    }

    private int[] permutation4() {
        int[] p = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
