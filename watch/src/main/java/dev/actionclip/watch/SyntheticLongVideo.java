package dev.actionclip.watch;

import dev.actionclip.datasets.synth.ActionLabel;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A long test video with known actions: segments of synthetic clips ({@link SyntheticActions}), each segment
 * {@code clipsPerSegment} different clips of one label back to back, labels drawn by a seed with no label twice in a
 * row. The clips come from a split the model did not train on ({@code val}: other clips of the seen labels), and
 * the true segments are returned for {@link SegmentEvaluator}. Frames can be padded to a wider picture (e.g.
 * 454 x 340) and written to a file or to a stream URL ({@code tcp://127.0.0.1:PORT?listen=1}, format
 * {@code mpegts}), optionally paced to real time so a watcher sees it as a live source.
 *
 * <p>{@code dev.actionclip.bench.LongVideoTool} is the command-line form used by {@code scripts/watch-eval} and
 * {@code scripts/bench-watch}.
 */
public final class SyntheticLongVideo {
    private final SyntheticActions synth;
    private final List<ActionLabel> labels;
    private final String split;
    private int segments = 10;
    private int clipsPerSegment = 3;
    private int width;
    private long seed;
    private double pace;
    private BooleanSupplier stop = () -> false;

    public SyntheticLongVideo(SyntheticSpec spec, String split) {
        this.synth = new SyntheticActions(spec);
        SyntheticActions.LabelSplit ls = synth.split();
        this.labels = split.equals(SyntheticActions.UNSEEN) ? ls.unseen() : ls.seen();
        this.split = split;
        this.width = spec.size();
    }

    /** The labels segments are drawn from (seen labels for train/val, held-out ones for unseen). */
    public List<String> labelNames() {
        return labels.stream().map(ActionLabel::name).toList();
    }

    public SyntheticLongVideo segments(int n, int clipsEach) {
        this.segments = n;
        this.clipsPerSegment = clipsEach;
        return this;
    }

    /** Pads frames with black columns to this width (at least the clip size). */
    public SyntheticLongVideo width(int w) {
        if (w < synth.spec().size() || w % 2 != 0) {
            throw new IllegalArgumentException("width must be even and at least " + synth.spec().size() + ", got " + w);
        }
        this.width = w;
        return this;
    }

    public SyntheticLongVideo seed(long s) {
        this.seed = s;
        return this;
    }

    /** Media seconds per wall second while writing (0: as fast as possible). */
    public SyntheticLongVideo pace(double speed) {
        this.pace = speed;
        return this;
    }

    /** Polled before each frame: true stops writing (the "source killed" case). */
    public SyntheticLongVideo stopWhen(BooleanSupplier s) {
        this.stop = s;
        return this;
    }

    /** The true segments this generator will write (deterministic in the seed). */
    public List<SegmentEvaluator.Segment> plan() {
        Random r = new Random(seed);
        double clipSeconds = synth.spec().frames() / synth.spec().fps();
        List<SegmentEvaluator.Segment> out = new ArrayList<>();
        int prev = -1;
        for (int s = 0; s < segments; s++) {
            int l;
            do {
                l = r.nextInt(labels.size());
            } while (l == prev && labels.size() > 1);
            prev = l;
            double start = s * clipsPerSegment * clipSeconds;
            out.add(new SegmentEvaluator.Segment(labels.get(l).name(), start, start + clipsPerSegment * clipSeconds));
        }
        return out;
    }

    /**
     * Writes the video.
     *
     * @param target a file path or a URL
     * @param format FFmpeg muxer ({@code mp4}, {@code mpegts}, ...)
     * @return the segments written (fewer than planned when stopped)
     */
    public List<SegmentEvaluator.Segment> write(String target, String format) throws IOException, InterruptedException {
        SyntheticSpec spec = synth.spec();
        int h = spec.size();
        List<SegmentEvaluator.Segment> plan = plan();
        List<SegmentEvaluator.Segment> written = new ArrayList<>();
        long t0 = System.nanoTime();
        long frameNo = 0;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(target, width, h, 0);
             Frame f = new Frame(width, h, Frame.DEPTH_UBYTE, 3)) {
            rec.setFormat(format);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(spec.fps());
            rec.setGopSize((int) Math.max(1, Math.round(spec.fps())));
            rec.setVideoQuality(3);
            rec.setVideoOption("threads", "1");
            if (pace > 0) {
                // a paced writer plays a live source: each frame reaches the file or socket at once, not per 32 KB
                rec.setOption("flush_packets", "1");
            }
            rec.start();
            ByteBuffer buf = (ByteBuffer) f.image[0];
            int pad = (width - h) / 2 * 3;
            int row = h * 3;
            int k = 0;
            outer:
            for (SegmentEvaluator.Segment seg : plan) {
                ActionLabel label = labels.stream().filter(a -> a.name().equals(seg.label())).findFirst().orElseThrow();
                for (int c = 0; c < clipsPerSegment; c++) {
                    byte[][] frames = synth.render(label, synth.params(split, label, k++));
                    for (byte[] img : frames) {
                        if (stop.getAsBoolean()) {
                            break outer;
                        }
                        // the padding columns keep the zeros of the freshly allocated frame
                        for (int y = 0; y < h; y++) {
                            buf.put(y * f.imageStride + pad, img, y * row, row);
                        }
                        rec.record(f, avutil.AV_PIX_FMT_RGB24);
                        frameNo++;
                        if (pace > 0) {
                            long due = t0 + (long) (frameNo / spec.fps() / pace * 1e9);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                    }
                }
                written.add(seg);
            }
            rec.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return written;
    }
}
