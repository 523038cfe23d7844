package dev.actionclip.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.actionclip.video.RgbFrame;
import dev.actionclip.video.VideoFrames;
import dev.actionclip.video.VideoSource;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import dev.actionclip.video.sampling.DecodeStrategy;
import dev.actionclip.video.sampling.SamplingSpec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Decoding benchmark: writes synthetic clips (mpeg4, H.264 via OpenH264, VP9) at 340p and 720p, then times
 * delivering 8 preprocessed 224×224 frames (ActionCLIP test sampling) per video with sequential decoding,
 * seeking and the automatic choice, against decoding every frame; then videos/s with 1 and 2 threads.
 * Usage: {@code DecodeBenchmark [dir] [seconds] [vp9Seconds] [gop]}. Prints numbers, asserts nothing.
 */
public final class DecodeBenchmark {
    private static final int FRAMES = 8;
    private static final int SIZE = 224;
    private static final int REPEAT = 3;

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("bench-decode");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int vp9Seconds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int gop = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        Files.createDirectories(dir);
        int[][] sizes = {{454, 340}, {1280, 720}};
        String[] codecs = {"mpeg4", "libopenh264", "libvpx-vp9"};
        List<Path> videos = new ArrayList<>();
        for (int[] s : sizes) {
            for (String c : codecs) {
                int secs = c.contains("vp9") ? vp9Seconds : seconds;
                Path p = dir.resolve(String.format(Locale.ROOT, "%dp-%s-%ds.%s", s[1], c.replace("lib", ""), secs,
                        c.contains("vp9") ? "webm" : "mp4"));
                if (!Files.exists(p)) {
                    long t0 = System.nanoTime();
                    write(p, s[0], s[1], secs * 25, c, gop);
                    System.out.printf(Locale.ROOT, "wrote %s (%.1f s)%n", p.getFileName(), (System.nanoTime() - t0) / 1e9);
                }
                videos.add(p);
            }
        }
        ClipPreprocessor pre = ClipPreprocessor.clip(SIZE);
        System.out.printf(Locale.ROOT, "%n%-28s %7s %5s %10s %10s %10s %10s %10s %7s%n", "video (gop " + gop + ")", "frames",
                "codec", "all-rgb ms", "all-skip ms", "seq ms", "seek ms", "auto ms", "auto/all");
        for (Path v : videos) {
            long frames;
            String codec;
            try (VideoSource s = VideoSource.file(v).exactFrameCount(true).threads(1).open()) {
                frames = s.probe().frameCount();
                codec = s.probe().codec();
            }
            double all = median(() -> decodeAll(v, true));
            double skip = median(() -> decodeAll(v, false));
            double seq = median(() -> sample(v, DecodeStrategy.SEQUENTIAL, pre));
            double seek = median(() -> sample(v, DecodeStrategy.SEEK, pre));
            double auto = median(() -> sample(v, DecodeStrategy.AUTO, pre));
            System.out.printf(Locale.ROOT, "%-28s %7d %5s %10.1f %10.1f %10.1f %10.1f %10.1f %7.2f%n", v.getFileName(), frames,
                    codec, all, skip, seq, seek, auto, auto / all);
        }
        System.out.println();
        for (int threads : new int[] {1, 2}) {
            for (int[] s : sizes) {
                List<Path> set = videos.stream().filter(p -> p.getFileName().toString().startsWith(s[1] + "p")).toList();
                double vps = throughput(set, threads, pre);
                System.out.printf(Locale.ROOT, "%dp: %d thread(s): %.1f videos/s (8 frames, %dx%d, AUTO)%n", s[1], threads, vps, SIZE, SIZE);
            }
        }
    }

    interface Timed {
        void run() throws Exception;
    }

    private static double median(Timed t) throws Exception {
        t.run();    // warm-up
        double[] ms = new double[REPEAT];
        for (int i = 0; i < REPEAT; i++) {
            long t0 = System.nanoTime();
            t.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[REPEAT / 2];
    }

    /** The baseline: decode every frame (to RGB, or without conversion), then preprocess the 8 sampled ones. */
    private static void decodeAll(Path v, boolean rgb) {
        try (VideoSource s = VideoSource.file(v).threads(1).open()) {
            if (rgb) {
                List<RgbFrame> kept = new ArrayList<>();
                for (RgbFrame f : s.stream()) {
                    kept.add(f);
                }
                int[] idx = SamplingSpec.tsn(FRAMES).build().indices(kept.size(), 25).get(0);
                List<dev.actionclip.video.RgbImage> imgs = new ArrayList<>();
                for (int i : idx) {
                    imgs.add(kept.get(i).image());
                }
                ClipPreprocessor.clip(SIZE).apply(imgs);
            } else {
                while (s.skip()) {
                    // decode only
                }
            }
        }
    }

    private static void sample(Path v, DecodeStrategy strategy, ClipPreprocessor pre) {
        VideoFrames.sample(v, SamplingSpec.tsn(FRAMES).strategy(strategy).build(), pre);
    }

    private static double throughput(List<Path> videos, int threads, ClipPreprocessor pre) throws Exception {
        int rounds = 4;
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger done = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (Path v : videos) {
                    fs.add(ex.submit(() -> {
                        sample(v, DecodeStrategy.AUTO, pre);
                        done.incrementAndGet();
                    }));
                }
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return done.get() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            ex.shutdown();
        }
    }

    /** A moving pattern with texture so encoders produce realistic P/B frames. */
    private static void write(Path file, int w, int h, int frames, String codec, int gop) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat(codec.contains("vp9") ? "webm" : "mp4");
            r.setVideoCodecName(codec);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.setGopSize(gop);
            r.setVideoBitrate(w * h * 3);
            if (codec.contains("vp9")) {
                r.setVideoOption("deadline", "realtime");
                r.setVideoOption("cpu-used", "8");
            }
            r.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer b = (ByteBuffer) f.image[0];
            for (int i = 0; i < frames; i++) {
                for (int y = 0; y < h; y++) {
                    int row = y * f.imageStride;
                    for (int x = 0; x < w; x++) {
                        int p = row + x * 3;
                        int u = x + 2 * i;
                        int v = y + i;
                        b.put(p, (byte) ((u * 3) ^ (v * 5))).put(p + 1, (byte) (((u >> 3) + (v >> 3)) * 16))
                                .put(p + 2, (byte) (Math.sin((u + v) * 0.05) * 100 + 128));
                    }
                }
                r.record(f, AV_PIX_FMT_RGB24);
            }
            r.stop();
        }
    }
}
