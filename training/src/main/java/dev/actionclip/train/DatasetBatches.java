package dev.actionclip.train;

import dev.actionclip.datasets.Dataset;
import dev.actionclip.datasets.VideoSample;
import dev.actionclip.torch.Tensors;
import dev.actionclip.video.Clip;
import dev.actionclip.video.RgbImage;
import dev.actionclip.video.VideoFrames;
import dev.actionclip.video.VideoLimits;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.preprocess.Normalization;
import dev.actionclip.video.preprocess.Preprocessor;
import dev.actionclip.video.preprocess.TrainAugment;
import dev.actionclip.video.sampling.SamplingSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Batches} over a {@link Dataset} of videos (or extracted-frame folders): TSN sampling of {@code frames}
 * frames, then either ActionCLIP's training augmentation or CLIP's test preprocessing at the model's resolution.
 * Samples of one batch are decoded in parallel by a bounded pool of workers; each sample's randomness comes from
 * {@code Seeds.mix(seed, sampleIndex)} and results are put back in request order, so the batch is the same
 * whatever the workers' timing. A sample that cannot be read is left out, counted and reported once: on the
 * {@link Builder#log(PrintWriter) log} writer when one is given, else as a WARN of this class's slf4j logger.
 *
 * <p>Augmentation: {@link Augment#NONE} (resize + centre crop, as at test time), {@link Augment#CROP}
 * (multi-scale crop only) or {@link Augment#FULL} (crop, colour jitter, grayscale: ActionCLIP's recipe).
 * Horizontal flip is separate and OFF by default: it would turn "moving left" into "moving right", so it only
 * suits label sets without handedness (enable with {@link Builder#flip(boolean)}).
 */
public final class DatasetBatches implements Batches, AutoCloseable {
    /** Training augmentation strength. */
    public enum Augment { NONE, CROP, FULL }

    private static final long SALT_SAMPLE = 0x73616D70L;
    private static final Logger LOG = LoggerFactory.getLogger(DatasetBatches.class);

    private final Dataset data;
    private final int frames;
    private final int resolution;
    private final boolean train;
    private final Augment augment;
    private final boolean flip;
    private final int views;
    private final int crops;
    private final ExecutorService pool;
    private final PrintWriter log;
    private final boolean logToWriter;
    private final AtomicLong skipped = new AtomicLong();
    private final java.util.Set<Integer> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final FrameCache cache;
    private final VideoLimits limits;

    private DatasetBatches(Builder b) {
        this.data = b.data;
        this.frames = b.frames;
        this.resolution = b.resolution;
        this.train = b.train;
        this.augment = b.augment;
        this.flip = b.flip;
        this.views = b.train ? 1 : b.views;
        this.crops = b.train ? 1 : b.crops;
        this.log = b.log;
        this.logToWriter = b.logToWriter;
        this.limits = b.limits;
        this.cache = b.cacheBytes > 0 ? new FrameCache(b.cacheBytes, b.limits) : null;
        int workers = b.workers > 0 ? b.workers : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "decode-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder(Dataset data) {
        return new Builder(data);
    }

    public Dataset dataset() {
        return data;
    }

    public int frames() {
        return frames;
    }

    public int resolution() {
        return resolution;
    }

    /** Bytes of decoded frames held by the frame cache (0 without one). */
    public long cachedBytes() {
        return cache == null ? 0 : cache.usedBytes();
    }

    /** Samples left out so far because they could not be read (a sample loaded twice counts twice). */
    public long skippedTotal() {
        return skipped.get();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Loaded load(int[] sampleIndices, long seed) {
        List<Future<float[]>> futures = new ArrayList<>(sampleIndices.length);
        for (int idx : sampleIndices) {
            if (idx < 0 || idx >= data.size()) {
                throw new IndexOutOfBoundsException("sample " + idx + " outside [0, " + data.size() + ")");
            }
            long sampleSeed = Seeds.mix(seed, SALT_SAMPLE, idx);
            futures.add(pool.submit(() -> decode(idx, sampleSeed)));
        }
        List<float[]> ok = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < futures.size(); i++) {
            float[] clip = await(futures.get(i));
            if (clip == null) {
                bad++;
            } else {
                ok.add(clip);
                labels.add((long) data.samples().get(sampleIndices[i]).labelId());
            }
        }
        skipped.addAndGet(bad);
        long[] y = labels.stream().mapToLong(Long::longValue).toArray();
        if (ok.isEmpty()) {
            return new Loaded(null, y, bad);
        }
        int per = frames * 3 * resolution * resolution;
        float[] all = new float[ok.size() * per];
        for (int i = 0; i < ok.size(); i++) {
            System.arraycopy(ok.get(i), 0, all, i * per, per);
        }
        Tensor videos = Tensors.of(all, ok.size(), frames, 3, resolution, resolution);
        return new Loaded(videos, y, bad);
    }

    /**
     * Decodes these samples in parallel without making a tensor: one [views × crops × T, 3, R, R] array per sample
     * (view-major, then crop-major), null
     * for a sample that cannot be read (counted in {@link #skippedTotal()}).
     */
    public float[][] loadArrays(int[] sampleIndices, long seed) {
        List<Future<float[]>> futures = new ArrayList<>(sampleIndices.length);
        for (int idx : sampleIndices) {
            long sampleSeed = Seeds.mix(seed, SALT_SAMPLE, idx);
            futures.add(pool.submit(() -> decode(idx, sampleSeed)));
        }
        float[][] out = new float[sampleIndices.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = await(futures.get(i));
            if (out[i] == null) {
                skipped.incrementAndGet();
            }
        }
        return out;
    }

    /** One sample's [views × T,3,R,R] floats, or null (reported once) when it cannot be read. */
    float[] decode(int idx, long seed) {
        VideoSample s = data.samples().get(idx);
        try {
            float[] t = s.isFrameFolder() ? decodeFolder(s, seed) : decodeVideo(idx, s, seed);
            int per = views * crops * frames * 3 * resolution * resolution;
            if (t.length != per) {
                throw new IllegalStateException("decoded " + t.length + " values, expected " + views + " views × "
                        + crops + " crops of " + frames + " frames of " + resolution + "x" + resolution);
            }
            return t;
        } catch (RuntimeException | IOException e) {
            if (reported.add(idx)) {
                if (!logToWriter) {
                    LOG.warn("skipping {} ({}): {}", s.path(), s.source(), e.getMessage());
                } else if (log != null) {
                    synchronized (log) {
                        log.printf(Locale.ROOT, "warning: skipping %s (%s): %s%n", s.path(), s.source(), e.getMessage());
                        log.flush();
                    }
                }
            }
            return null;
        }
    }

    private SamplingSpec spec(VideoSample s, long seed) {
        SamplingSpec.Builder b = SamplingSpec.tsn(frames);
        if (train) {
            b.train(seed);
        } else {
            b.test().views(views);
        }
        s.range().ifPresent(r -> b.range(r.start(), r.end()));
        return b.build();
    }

    private Preprocessor preprocessor(long seed) {
        if (!train || augment == Augment.NONE) {
            return ClipPreprocessor.builder().resize(resolution).crop(resolution).threeCrop(crops == 3).build();
        }
        TrainAugment a = new TrainAugment(resolution, resolution * 256 / 224, Normalization.CLIP, seed);
        return augment == Augment.CROP ? a.probabilities(flip ? 0.5 : 0, 0, 0) : a.probabilities(flip ? 0.5 : 0, 0.8, 0.2);
    }

    private float[] decodeVideo(int idx, VideoSample s, long seed) {
        List<float[]> parts = new ArrayList<>();
        if (cache != null) {
            Preprocessor pre = preprocessor(Seeds.mix(seed, 1));
            for (List<RgbImage> view : cache.frames(idx, s.path(), spec(s, seed))) {
                parts.add(pre.apply(view).data());
            }
            return concat(parts);
        }
        for (Clip c : VideoFrames.sampleViews(s.path(), spec(s, seed), preprocessor(Seeds.mix(seed, 1)), limits)) {
            parts.add(c.data());
        }
        return concat(parts);
    }

    private float[] decodeFolder(VideoSample s, long seed) throws IOException {
        VideoSample.FrameFolder f = s.frames().orElseThrow();
        List<float[]> parts = new ArrayList<>();
        Preprocessor pre = preprocessor(Seeds.mix(seed, 1));
        for (int[] idx : spec(s, seed).indices(f.count(), 1.0)) {
            List<RgbImage> imgs = new ArrayList<>(idx.length);
            for (int i : idx) {
                Path p = s.path().resolve(f.fileName(i));
                BufferedImage img = ImageIO.read(p.toFile());
                if (img == null) {
                    throw new IOException(p + ": not a readable image");
                }
                imgs.add(RgbImage.fromBufferedImage(img));
            }
            parts.add(pre.apply(imgs).data());
        }
        return concat(parts);
    }

    private static float[] concat(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static float[] await(Future<float[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Options; {@code frames} and {@code resolution} must match the model. */
    public static final class Builder {
        private final Dataset data;
        private int frames = 8;
        private int resolution = 224;
        private boolean train = true;
        private Augment augment = Augment.FULL;
        private boolean flip;
        private int views = 1;
        private int crops = 1;
        private int workers;
        private PrintWriter log;
        private boolean logToWriter;
        private long cacheBytes;
        private VideoLimits limits = VideoLimits.DEFAULT;

        private Builder(Dataset data) {
            this.data = data;
        }

        public Builder frames(int v) { frames = v; return this; }
        public Builder resolution(int v) { resolution = v; return this; }
        /** Training sampling and augmentation (true) or test sampling and CLIP preprocessing (false). */
        public Builder train(boolean v) { train = v; return this; }
        public Builder augment(Augment v) { augment = v; return this; }
        /** Random horizontal flips (probability 0.5); off by default, see the class notes. */
        public Builder flip(boolean v) { flip = v; return this; }
        /** Temporal views per sample in test mode (only {@link #loadArrays} returns more than one). */
        public Builder views(int v) { views = v; return this; }
        /**
         * Spatial views per temporal view in test mode: 1 (centre crop) or 3 (start, centre and end of the long
         * side, as mmaction2's ThreeCrop); {@link #loadArrays} then returns views × crops clips per sample.
         */
        public Builder crops(int v) {
            if (v != 1 && v != 3) {
                throw new IllegalArgumentException("crops must be 1 or 3, got " + v);
            }
            crops = v;
            return this;
        }
        /** Decode threads (0: up to 4 cores). */
        public Builder workers(int v) { workers = v; return this; }
        /**
         * Keep up to this many bytes of decoded frames in memory across epochs (0: none). Results are identical
         * with and without; a cached frame costs width x height x 3 bytes.
         */
        public Builder cacheBytes(long v) { cacheBytes = v; return this; }
        /** Picture size and decode time caps per video; a video over them is a skipped sample. */
        public Builder limits(VideoLimits v) { limits = java.util.Objects.requireNonNull(v); return this; }
        /**
         * Where skipped samples are reported instead of the slf4j logger {@code dev.actionclip.train.DatasetBatches}
         * (WARN, the default), e.g. a command's error stream; null: nowhere.
         */
        public Builder log(PrintWriter v) { log = v; logToWriter = true; return this; }

        public DatasetBatches build() {
            if (frames < 1 || resolution < 1) {
                throw new IllegalArgumentException("frames and resolution must be positive");
            }
            return new DatasetBatches(this);
        }
    }
}
