package dev.actionclip.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.api.ActionRecognizer;
import dev.actionclip.api.Prediction;
import dev.actionclip.cli.Main;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.video.Clip;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spatial views ({@code --crops 3}) on a wide video with the tiny fixture model: three different crops, each a
 * view; the prediction is the mean of the per-crop probabilities; one crop is the default path unchanged.
 */
@Tag("slow")
class ThreeCropEndToEndTest {
    static final List<String> LABELS = List.of("moving left", "moving right", "growing", "shrinking");

    @TempDir
    Path tmp;

    @Test
    void threeCropsAverageTheirOwnProbabilities() throws Exception {
        Path model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-actionclip-transf.pt");
        Path vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(model) && Files.exists(vocab) || SharedFiles.inCi(), "fixtures absent: " + model);
        Path video = wideVideo(tmp.resolve("wide.mp4"), 160, 64, 12);
        try (ActionRecognizer one = ActionRecognizer.builder().model(model).vocab(vocab).labels(LABELS).frames(4)
                .threads(2).cache(false).views(2).build();
             ActionRecognizer three = ActionRecognizer.builder().model(model).vocab(vocab).labels(LABELS).frames(4)
                     .threads(2).cache(false).crops(3).views(2).build()) {
            List<Clip> views = three.sample(video);
            assertEquals(2, views.size());
            Clip first = views.get(0);
            assertEquals(3, first.crops());
            assertFalse(Arrays.equals(first.tensor().crop(0), first.tensor().crop(2)), "left and right crops differ");
            double[] mean = new double[LABELS.size()];
            for (Clip c : views) {
                for (int k = 0; k < 3; k++) {
                    Prediction p = three.classifyPreprocessed(c.tensor().crop(k), 1, c.frames());
                    for (int l = 0; l < LABELS.size(); l++) {
                        mean[l] += p.probability(LABELS.get(l)) / 6;
                    }
                }
            }
            Prediction all = three.classify(video);
            for (int l = 0; l < LABELS.size(); l++) {
                assertEquals(mean[l], all.probability(LABELS.get(l)), 2e-6, LABELS.get(l));
            }
            // each temporal view's centre crop is what one crop sees
            List<Clip> centre = one.sample(video);
            for (int v = 0; v < 2; v++) {
                assertArrayEquals(centre.get(v).data(), views.get(v).tensor().crop(1), "view " + v);
            }
        }
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "label", "--model",
                model.toString(), "--vocab", vocab.toString(), "--labels", String.join(",", LABELS), "--crops", "2",
                video.toString());
        assertEquals(2, code, err.toString());
    }

    /** A moving gradient, wider than high, so the three crops see different pictures. */
    static Path wideVideo(Path file, int w, int h, int frames) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(8);
            r.start();
            for (int i = 0; i < frames; i++) {
                Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int o = y * f.imageStride + x * 3;
                        b.put(o, (byte) (x * 255 / w));
                        b.put(o + 1, (byte) ((x + 8 * i) % 64 < 32 ? 220 : 30));
                        b.put(o + 2, (byte) (y * 255 / h));
                    }
                }
                r.record(f, avutil.AV_PIX_FMT_RGB24);
            }
        }
        return file;
    }
}
