package dev.actionclip.video.preprocess;

import dev.actionclip.video.RgbImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizes RGB24 images the way Pillow's {@code Image.resize} does (what torchvision applies to PIL images),
 * so preprocessing matches CLIP's Python pipeline: a separable convolution whose kernel is stretched by the
 * scale factor when downscaling (antialiasing), weights normalised per output pixel then quantised to 22-bit
 * fixed point, the horizontal pass first into an 8-bit intermediate, rounding and clamping after each pass.
 * Kernel weights depend only on (input size, output size, filter) and are cached per output row/column.
 */
public final class PilResampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final Map<String, Coeffs> CACHE = new ConcurrentHashMap<>();

    /** Pillow's filters: bicubic uses a = -0.5 (support 2), bilinear a triangle (support 1). */
    public enum Filter {
        BICUBIC(2.0), BILINEAR(1.0);

        final double support;

        Filter(double support) {
            this.support = support;
        }

        double weight(double x) {
            x = Math.abs(x);
            if (this == BILINEAR) {
                return x < 1.0 ? 1.0 - x : 0.0;
            }
            final double a = -0.5;
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0.0;
        }
    }

    private PilResampler() {
    }

    /** {@code in} resized to outW × outH. */
    public static RgbImage resize(RgbImage in, int outW, int outH, Filter filter) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
        }
        boolean horizontal = outW != in.width();
        boolean vertical = outH != in.height();
        if (!horizontal && !vertical) {
            return in;
        }
        Coeffs cv = coeffs(in.height(), outH, filter);
        RgbImage cur = in;
        int rowOffset = 0;
        if (horizontal) {
            // only the input rows the vertical pass will read
            int first = vertical ? cv.bounds[0] : 0;
            int lastEnd = vertical ? cv.bounds[2 * (outH - 1)] + cv.bounds[2 * (outH - 1) + 1] : in.height();
            cur = horizontalPass(in, first, lastEnd - first, coeffs(in.width(), outW, filter));
            rowOffset = first;
        }
        if (vertical) {
            cur = verticalPass(cur, rowOffset, cv);
        }
        return cur;
    }

    /** Scales so the shorter side becomes {@code size}; the longer side as torchvision computes it: {@code int(size * long / short)}. */
    public static int[] shortSideSize(int width, int height, int size) {
        if (width <= height) {
            return new int[] {size, (int) ((double) size * height / width)};
        }
        return new int[] {(int) ((double) size * width / height), size};
    }

    private static RgbImage horizontalPass(RgbImage in, int firstRow, int rows, Coeffs c) {
        int inW = in.width();
        int outW = c.outSize;
        byte[] src = in.rgb();
        byte[] dst = new byte[3 * outW * rows];
        int[] kk = c.kk;
        int ks = c.ksize;
        for (int y = 0; y < rows; y++) {
            int srow = (firstRow + y) * inW * 3;
            int drow = y * outW * 3;
            for (int x = 0; x < outW; x++) {
                int xmin = c.bounds[2 * x];
                int xn = c.bounds[2 * x + 1];
                int k0 = x * ks;
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                int s = srow + xmin * 3;
                for (int i = 0; i < xn; i++, s += 3) {
                    int w = kk[k0 + i];
                    r += (src[s] & 0xff) * w;
                    g += (src[s + 1] & 0xff) * w;
                    b += (src[s + 2] & 0xff) * w;
                }
                int d = drow + x * 3;
                dst[d] = clip8(r);
                dst[d + 1] = clip8(g);
                dst[d + 2] = clip8(b);
            }
        }
        return new RgbImage(outW, rows, dst);
    }

    private static RgbImage verticalPass(RgbImage in, int rowOffset, Coeffs c) {
        int w = in.width();
        int outH = c.outSize;
        byte[] src = in.rgb();
        byte[] dst = new byte[3 * w * outH];
        int[] kk = c.kk;
        int ks = c.ksize;
        int stride = 3 * w;
        int[] acc = new int[stride];
        for (int y = 0; y < outH; y++) {
            int ymin = c.bounds[2 * y] - rowOffset;
            int yn = c.bounds[2 * y + 1];
            int k0 = y * ks;
            java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
            // row-by-row accumulation keeps memory access sequential
            for (int i = 0; i < yn; i++) {
                int wgt = kk[k0 + i];
                int s = (ymin + i) * stride;
                for (int x = 0; x < stride; x++) {
                    acc[x] += (src[s + x] & 0xff) * wgt;
                }
            }
            int d = y * stride;
            for (int x = 0; x < stride; x++) {
                dst[d + x] = clip8(acc[x]);
            }
        }
        return new RgbImage(w, outH, dst);
    }

    private static byte clip8(int v) {
        int x = v >> PRECISION_BITS;
        return (byte) (x < 0 ? 0 : Math.min(x, 255));
    }

    private static Coeffs coeffs(int inSize, int outSize, Filter f) {
        return CACHE.computeIfAbsent(inSize + ":" + outSize + ":" + f, k -> Coeffs.compute(inSize, outSize, f));
    }

    /** Per output position: first input index, tap count, and fixed-point weights. */
    private record Coeffs(int outSize, int ksize, int[] bounds, int[] kk) {
        static Coeffs compute(int inSize, int outSize, Filter f) {
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(1.0, scale);
            double support = f.support * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[2 * outSize];
            int[] kk = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterscale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    k[x] = f.weight((x + xmin - center + 0.5) * ss);
                    ww += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0 ? k[x] / ww : k[x];
                    // Pillow rounds half away from zero when quantising
                    kk[xx * ksize + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coeffs(outSize, ksize, bounds, kk);
        }
    }
}
