package dev.actionclip.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The video packets of a file, read by demuxing only (no decoding): the exact frame count, where the key
 * frames are (in presentation order), whether the frame rate is constant and the mean rate between the first
 * and last frame (0 when unknown). Seeking decisions use the key
 * frame positions; sampling uses the exact count.
 */
public record PacketIndex(int frameCount, int[] keyFrames, boolean constantFrameRate, double meanFps) {
    /** 2^28 frames: over 100 days at 30 fps; a file that claims more is refused before the arrays grow. */
    static final int MAX_PACKETS = 1 << 28;

    /** Mean distance between key frames, at least 1; the whole video when there is only one. */
    public double meanGop() {
        return keyFrames.length == 0 ? Math.max(1, frameCount) : Math.max(1.0, (double) frameCount / keyFrames.length);
    }

    /** Presentation index of the last key frame at or before {@code frame} (0 when none). */
    public int keyFrameAtOrBefore(int frame) {
        int i = Arrays.binarySearch(keyFrames, frame);
        if (i >= 0) {
            return keyFrames[i];
        }
        int ins = -i - 1;
        return ins == 0 ? 0 : keyFrames[ins - 1];
    }

    /** Scans {@code url} (a local path or any URL FFmpeg reads); stream {@code videoStream} or the first video stream when -1. */
    static PacketIndex scan(String url, int videoStream, java.util.function.BooleanSupplier expired) {
        AVFormatContext oc = new AVFormatContext(null);
        int r = avformat_open_input(oc, url, null, null);
        if (r < 0) {
            throw new VideoReadException(url, "cannot open for packet count: " + Ffmpeg.error(r));
        }
        AVPacket pkt = av_packet_alloc();
        try {
            int vi = videoStream;
            if (vi < 0 || vi >= oc.nb_streams()) {
                // only raw streams need probing (it decodes frames); containers declare their streams
                if ((r = avformat_find_stream_info(oc, (PointerPointer<?>) null)) < 0) {
                    throw new VideoReadException(url, "cannot read stream info: " + Ffmpeg.error(r));
                }
                vi = -1;
            }
            for (int s = 0; vi < 0 && s < oc.nb_streams(); s++) {
                if (oc.streams(s).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    vi = s;
                }
            }
            if (vi < 0) {
                throw new VideoReadException(url, "no video stream");
            }
            AVStream st = oc.streams(vi);
            long[] pts = new long[1024];
            boolean[] key = new boolean[1024];
            int n = 0;
            while (av_read_frame(oc, pkt) >= 0) {
                if (expired.getAsBoolean()) {
                    throw new VideoReadException(url, "gave up counting packets after " + n + " (decode timeout)");
                }
                if (pkt.stream_index() == vi) {
                    if (n == MAX_PACKETS) {
                        throw new VideoReadException(url, "more than " + MAX_PACKETS + " video packets");
                    }
                    if (n == pts.length) {
                        pts = Arrays.copyOf(pts, n * 2);
                        key = Arrays.copyOf(key, n * 2);
                    }
                    pts[n] = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    key[n] = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                    n++;
                }
                av_packet_unref(pkt);
            }
            return fromPackets(Arrays.copyOf(pts, n), Arrays.copyOf(key, n), st.time_base().num(), st.time_base().den());
        } finally {
            av_packet_free(pkt);
            avformat_close_input(oc);
        }
    }

    /** Builds the index from per-packet timestamps (decode order) and key flags. */
    static PacketIndex fromPackets(long[] pts, boolean[] key, int tbNum, int tbDen) {
        int n = pts.length;
        boolean allPts = true;
        for (long p : pts) {
            allPts &= p != AV_NOPTS_VALUE;
        }
        long[] sorted = pts.clone();
        Arrays.sort(sorted);
        int[] keys = new int[n];
        int nk = 0;
        for (int i = 0; i < n; i++) {
            if (key[i]) {
                // a key frame's presentation index is the rank of its timestamp
                keys[nk++] = allPts ? Math.max(0, Arrays.binarySearch(sorted, pts[i])) : i;
            }
        }
        int[] kf = Arrays.copyOf(keys, nk);
        Arrays.sort(kf);
        boolean cfr = true;
        if (allPts && n > 2) {
            long d0 = sorted[1] - sorted[0];
            // one time-base tick of jitter is rounding, more is a variable rate
            for (int i = 2; i < n && cfr; i++) {
                cfr = Math.abs((sorted[i] - sorted[i - 1]) - d0) <= Math.max(1, d0 / 100);
            }
        }
        double fps = 0;
        if (allPts && n > 1 && sorted[n - 1] > sorted[0] && tbNum > 0 && tbDen > 0) {
            fps = (n - 1) / ((sorted[n - 1] - sorted[0]) * (double) tbNum / tbDen);
        }
        return new PacketIndex(n, kf, cfr, fps);
    }
}
