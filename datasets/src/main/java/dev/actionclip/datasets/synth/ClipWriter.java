package dev.actionclip.datasets.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes RGB24 frames as an MPEG-4 Part 2 video in an MP4 file. Every frame is a key frame at a fixed
 * quantiser: frames decode independently (exact seeks, a reversed clip decodes to the reversed frames) and the
 * output is byte-for-byte reproducible (one encoder thread).
 */
public final class ClipWriter {
    /** MPEG-4 quantiser scale: 1 best .. 31 worst; 2 keeps the noise and edges almost intact. */
    public static final int DEFAULT_QUALITY = 2;

    private ClipWriter() {
    }

    public static void write(Path file, byte[][] frames, int width, int height, double fps, int quality)
            throws IOException {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(1);
            rec.setVideoQuality(quality);
            rec.setVideoOption("threads", "1");
            rec.start();
            try (Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3)) {
                ByteBuffer buf = (ByteBuffer) f.image[0];
                int row = width * 3;
                for (int k = 0; k < frames.length; k++) {
                    byte[] img = frames[k];
                    if (img.length != row * height) {
                        throw new IllegalArgumentException("frame " + k + " has " + img.length + " bytes, expected "
                                + row * height);
                    }
                    for (int y = 0; y < height; y++) {
                        buf.put(y * f.imageStride, img, y * row, row);
                    }
                    rec.record(f, avutil.AV_PIX_FMT_RGB24);
                }
            }
            rec.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
