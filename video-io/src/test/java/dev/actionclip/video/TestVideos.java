package dev.actionclip.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FFV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes small synthetic videos for tests: each frame shows its index as colour and a moving square. */
public final class TestVideos {
    private TestVideos() {
    }

    public static Path mp4(Path file, int w, int h, int frames) throws Exception {
        return write(file, w, h, frames, 25, "mp4", AV_CODEC_ID_MPEG4, AV_PIX_FMT_YUV420P, 0, 12, null);
    }

    /**
     * @param codec     an AV_CODEC_ID, or -1 with {@code codecName} set
     * @param rotation  display rotation for the recorder (0 = none)
     * @param ptsUs     per-frame timestamps in microseconds for variable frame rate, or null
     */
    public static Path write(Path file, int w, int h, int frames, double fps, String format, int codec, int pixFmt,
                             double rotation, int gop, long[] ptsUs) throws Exception {
        return write(file, w, h, frames, fps, format, codec, null, pixFmt, rotation, gop, ptsUs);
    }

    public static Path write(Path file, int w, int h, int frames, double fps, String format, int codec, String codecName,
                             int pixFmt, double rotation, int gop, long[] ptsUs) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat(format);
            if (codecName != null) {
                r.setVideoCodecName(codecName);
            } else {
                r.setVideoCodec(codec);
            }
            r.setPixelFormat(pixFmt);
            r.setFrameRate(fps);
            r.setGopSize(gop);
            r.setVideoQuality(codec == AV_CODEC_ID_FFV1 ? -1 : 2);
            if (codec == AV_CODEC_ID_MPEG4 && codecName == null) {
                r.setVideoBitrate(4_000_000);
            }
            if (rotation != 0) {
                r.setDisplayRotation(rotation);
            }
            r.start();
            for (int i = 0; i < frames; i++) {
                if (ptsUs != null) {
                    r.setTimestamp(ptsUs[i]);
                }
                r.record(frame(w, h, i), AV_PIX_FMT_RGB24);
            }
            r.stop();
        }
        return file;
    }

    /** Frame {@code i}: background colour from i, a white square moving right, a red top-left marker. */
    public static Frame frame(int w, int h, int i) {
        Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
        ByteBuffer b = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        int sq = Math.max(2, Math.min(w, h) / 6);
        int sx = (i * 7) % Math.max(1, w - sq);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (i * 37) & 0xff;
                int g = (i * 91 + 40) & 0xff;
                int bl = (x * 255) / Math.max(1, w - 1);
                if (x >= sx && x < sx + sq && y >= h / 2 - sq / 2 && y < h / 2 + sq / 2) {
                    r = g = bl = 255;
                }
                if (x < w / 4 && y < h / 4) {
                    r = 250;
                    g = 10;
                    bl = 10;
                }
                int p = y * stride + x * 3;
                b.put(p, (byte) r).put(p + 1, (byte) g).put(p + 2, (byte) bl);
            }
        }
        return f;
    }

    /**
     * Writes a YUV4MPEG2 (.y4m, 4:4:4) video: FFmpegFrameRecorder rounds picture sizes up to even numbers,
     * this trivial format keeps odd sizes exactly.
     */
    public static Path y4m(Path file, int w, int h, int frames) throws Exception {
        try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F25:1 Ip A1:1 C444\n").getBytes());
            byte[] y = new byte[w * h];
            byte[] u = new byte[w * h];
            byte[] v = new byte[w * h];
            for (int i = 0; i < frames; i++) {
                Frame f = frame(w, h, i);
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        int p = r * f.imageStride + c * 3;
                        int rr = b.get(p) & 0xff;
                        int gg = b.get(p + 1) & 0xff;
                        int bb = b.get(p + 2) & 0xff;
                        // BT.601 limited range
                        y[r * w + c] = (byte) Math.round(16 + (65.481 * rr + 128.553 * gg + 24.966 * bb) / 255);
                        u[r * w + c] = (byte) Math.round(128 + (-37.797 * rr - 74.203 * gg + 112.0 * bb) / 255);
                        v[r * w + c] = (byte) Math.round(128 + (112.0 * rr - 93.786 * gg - 18.214 * bb) / 255);
                    }
                }
                out.write("FRAME\n".getBytes());
                out.write(y);
                out.write(u);
                out.write(v);
            }
        }
        return file;
    }
}
