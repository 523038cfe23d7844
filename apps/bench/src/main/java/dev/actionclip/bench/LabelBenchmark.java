package dev.actionclip.bench;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.clip.ClipGeometry;
import dev.actionclip.clip.ClipModel;
import dev.actionclip.label.BatchPipeline;
import dev.actionclip.model.ActionClipModel;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.prompts.Templates;
import dev.actionclip.temporal.FusionHeads;
import dev.actionclip.torch.Torch;
import dev.actionclip.video.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * {@code scripts/bench-label}: videos/s of the label pipeline with a random full-size model (no file needed) on
 * generated clips, with decoding overlapped (background threads) and not (inline), and where the time goes.
 *
 * <p>Arguments: {@code [preset=ViT-B/32] [videos=20] [seconds=10] [threads=2] [batch=4] [dir]}.
 */
public final class LabelBenchmark {
    private LabelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "ViT-B/32";
        int videos = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        Path dir = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("bench-label");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<String> paths = generate(dir, videos, seconds);
        Torch.init(threads);
        ClipGeometry g = ClipGeometry.preset(preset);
        ClipModel clip = new ClipModel(g);
        ActionClipModel model = new ActionClipModel(clip, FusionHeads.create(FusionHeads.MEAN_P, g.embedDim(), 0, 0, 1),
                ClipTokenizer.bytesOnly(), "random " + preset);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // the text bank is built once and cached; it is not what this measures
            labels.add("action number " + i);
        }
        System.out.printf(Locale.ROOT, "model: random %s (embed %d, %dpx), 8 frames, %d labels x 16 templates, "
                + "%d intra-op threads, batch %d%n", preset, g.embedDim(), g.imageResolution(), labels.size(), threads, batch);
        System.out.println(BlasCore.describe());
        long t0 = System.nanoTime();
        try (ActionRecognizer rec = ActionRecognizer.builder().model(model).labels(labels)
                .templates(Templates.actionClip()).frames(8).cache(false).build()) {
            System.out.printf(Locale.ROOT, "text bank: %.1f s for %d prompts%n", (System.nanoTime() - t0) / 1e9, labels.size() * 16);
            rec.classifyClips(List.of(rec.sample(Path.of(paths.get(0))))); // warm-up
            for (int decodeThreads : new int[] {0, 2}) {
                BatchPipeline<String, List<Clip>, Prediction> pipe = new BatchPipeline<>(decodeThreads, 2 * batch, batch);
                BatchPipeline.Stats s = pipe.run(paths, v -> rec.sample(Path.of(v)), rec::classifyClips, (i, v, p, e) -> {
                    if (e != null) {
                        throw new IllegalStateException(v + ": " + e.getMessage(), e);
                    }
                });
                double wall = s.wallNanos() / 1e9;
                double dec = s.decodeNanos() / 1e9;
                double mod = s.modelNanos() / 1e9;
                System.out.printf(Locale.ROOT, "%-28s %6.2f videos/s  wall %6.1f s  decode %6.1f s (%4.0f%%)  model %6.1f s (%4.0f%%)%n",
                        decodeThreads == 0 ? "decode inline (serial):" : "decode overlapped (2 thr):",
                        s.itemsPerSecond(), wall, dec, 100 * dec / (dec + mod), mod, 100 * mod / (dec + mod));
            }
        } finally {
            model.close();
        }
    }

    /** {@code n} clips of 454×340 at 25 fps (the Kinetics short side), MPEG-4, moving gradients. */
    static List<String> generate(Path dir, int n, int seconds) throws Exception {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        int w = 454;
        int h = 340;
        for (int v = 0; v < n; v++) {
            Path p = dir.resolve(String.format(Locale.ROOT, "clip%02d.mp4", v));
            out.add(p.toString());
            if (Files.exists(p)) {
                continue;
            }
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(p.toString(), w, h, 0)) {
                r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                r.setFrameRate(25);
                r.setGopSize(25);
                r.setVideoQuality(4);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.start();
                Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
                java.nio.ByteBuffer buf = (java.nio.ByteBuffer) f.image[0];
                int stride = f.imageStride;
                for (int k = 0; k < seconds * 25; k++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int o = y * stride + 3 * x;
                            buf.put(o, (byte) (x + k * (v + 1)));
                            buf.put(o + 1, (byte) (y + 2 * k));
                            buf.put(o + 2, (byte) (v * 12));
                        }
                    }
                    r.record(f, avutil.AV_PIX_FMT_BGR24);
                }
                r.stop();
            }
        }
        return out;
    }
}
