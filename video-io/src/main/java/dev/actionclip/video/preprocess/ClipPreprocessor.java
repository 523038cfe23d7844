package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;
import dev.actionclip.video.preprocess.PilResampler.Filter;
import java.util.List;

/**
 * Evaluation preprocessing: resize the short side with Pillow-compatible bicubic filtering, take a centre
 * crop (or three crops along the long side), scale to [0, 1] and normalise. {@code clip(224)} is CLIP's own
 * transform (short side 224, crop 224); {@code actionClipTest(224)} is ActionCLIP's test transform (short
 * side 256 = 224 · 256 / 224, crop 224).
 */
public final class ClipPreprocessor implements Preprocessor {
    private final int resize;
    private final int crop;
    private final boolean threeCrop;
    private final Filter filter;
    private final Normalization norm;

    private ClipPreprocessor(Builder b) {
        this.resize = b.resize;
        this.crop = b.crop;
        this.threeCrop = b.threeCrop;
        this.filter = b.filter;
        this.norm = b.norm;
    }

    /** CLIP's transform at {@code size}: short side to size, centre crop size × size. */
    public static ClipPreprocessor clip(int size) {
        return builder().resize(size).crop(size).build();
    }

    /** ActionCLIP's test transform: short side to {@code size * 256 / 224}, centre crop size. */
    public static ClipPreprocessor actionClipTest(int size) {
        return builder().resize(size * 256 / 224).crop(size).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int cropSize() {
        return crop;
    }

    public Normalization normalization() {
        return norm;
    }

    @Override
    public FrameTensor apply(List<RgbImage> frames) {
        int crops = threeCrop ? 3 : 1;
        int t = frames.size();
        int per = 3 * crop * crop;
        float[] out = new float[crops * t * per];
        for (int f = 0; f < t; f++) {
            RgbImage scaled = resizeShortSide(frames.get(f), resize, filter);
            for (int c = 0; c < crops; c++) {
                RgbImage cut = cropAt(scaled, crop, threeCrop ? c : 1, threeCrop);
                norm.write(cut, out, (c * t + f) * per);
            }
        }
        return new FrameTensor(out, crops, t, crop, crop);
    }

    /** The short side resized to {@code size} (unchanged when it already is, as torchvision does). */
    public static RgbImage resizeShortSide(RgbImage img, int size, Filter filter) {
        int[] wh = PilResampler.shortSideSize(img.width(), img.height(), size);
        return PilResampler.resize(img, wh[0], wh[1], filter);
    }

    /**
     * A {@code size} square crop. {@code which} 0/1/2 = start/centre/end along the long side for three-crop;
     * the centre uses torchvision's {@code int(round((h - size) / 2.0))}. Images smaller than the crop are
     * padded with black first, as torchvision's CenterCrop does.
     */
    static RgbImage cropAt(RgbImage img, int size, int which, boolean three) {
        img = padTo(img, size);
        int dx = img.width() - size;
        int dy = img.height() - size;
        int x;
        int y;
        if (!three || which == 1) {
            x = (int) Math.rint(dx / 2.0);
            y = (int) Math.rint(dy / 2.0);
        } else {
            boolean alongX = img.width() >= img.height();
            int end = which == 0 ? 0 : 1;
            x = alongX ? end * dx : (int) Math.rint(dx / 2.0);
            y = alongX ? (int) Math.rint(dy / 2.0) : end * dy;
        }
        return img.crop(x, y, size, size);
    }

    private static RgbImage padTo(RgbImage img, int size) {
        if (img.width() >= size && img.height() >= size) {
            return img;
        }
        int w = Math.max(size, img.width());
        int h = Math.max(size, img.height());
        // torchvision pads (crop - side) // 2 before and the rest after
        int left = (w - img.width()) / 2;
        int top = (h - img.height()) / 2;
        byte[] out = new byte[3 * w * h];
        for (int r = 0; r < img.height(); r++) {
            System.arraycopy(img.rgb(), r * img.width() * 3, out, ((top + r) * w + left) * 3, img.width() * 3);
        }
        return new RgbImage(w, h, out);
    }

    public static final class Builder {
        private int resize = 224;
        private int crop = 224;
        private boolean threeCrop;
        private Filter filter = Filter.BICUBIC;
        private Normalization norm = Normalization.CLIP;

        /** Target length of the shorter side. */
        public Builder resize(int shortSide) {
            this.resize = positive(shortSide, "resize");
            return this;
        }

        /** Square crop size (the model resolution). */
        public Builder crop(int size) {
            this.crop = positive(size, "crop");
            return this;
        }

        /** Three crops (start, centre, end of the long side) instead of one centre crop. */
        public Builder threeCrop(boolean on) {
            this.threeCrop = on;
            return this;
        }

        public Builder filter(Filter f) {
            this.filter = f;
            return this;
        }

        public Builder normalization(Normalization n) {
            this.norm = n;
            return this;
        }

        public ClipPreprocessor build() {
            return new ClipPreprocessor(this);
        }

        private static int positive(int v, String what) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + v);
            }
            return v;
        }
    }
}
