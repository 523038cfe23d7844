package dev.actionclip.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One opened video: a local file, a URL (http, rtsp, ...) or a live device (webcam via a demuxer such as
 * {@code v4l2}). Delivers RGB24 frames with the display rotation applied, in presentation order, numbered
 * from 0. Files can seek to an exact frame index; live sources only read forward. Not thread-safe: use one
 * source per thread. Always close it (native memory).
 */
public final class VideoSource implements AutoCloseable {
    private final String source;
    private final boolean live;
    private final FFmpegFrameGrabber grabber;
    private final int rotation;
    private final long startUs;
    private final PacketIndex index;
    private final VideoProbe probe;
    private final VideoLimits limits;
    private final long openedNanos;
    private long next;
    private boolean closed;

    private VideoSource(Builder b) {
        Ffmpeg.quiet();
        this.openedNanos = System.nanoTime();
        this.source = b.source;
        this.live = b.live;
        this.limits = b.limits != null ? b.limits : b.live ? VideoLimits.LIVE : VideoLimits.DEFAULT;
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(b.source);
        try {
            g.setPixelFormat(AV_PIX_FMT_RGB24);
            if (b.format != null) {
                g.setFormat(b.format);
            }
            b.options.forEach(g::setOption);
            b.videoOptions.forEach(g::setVideoOption);
            g.start();
            if (!g.hasVideo()) {
                throw new VideoReadException(source, "no video stream (audio-only or not a video)");
            }
            String fmt = g.getFormat() == null ? "" : g.getFormat();
            if (!live && (fmt.equals("image2") || fmt.endsWith("_pipe"))) {
                throw new VideoReadException(source, "a still image (" + fmt + "), not a video");
            }
            if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
                throw new VideoReadException(source, "video stream has no picture size (corrupt header?)");
            }
            String tooBig = limits.checkPicture(g.getImageWidth(), g.getImageHeight());
            if (tooBig != null) {
                throw new VideoReadException(source, tooBig);
            }
        } catch (VideoReadException e) {
            releaseQuietly(g);
            throw e;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(g);
            throw new VideoReadException(source, "cannot open: " + reason(e), e);
        }
        this.grabber = g;
        this.rotation = clockwise(g.getDisplayRotation());
        AVFormatContext oc = g.getFormatContext();
        this.startUs = oc.start_time() == AV_NOPTS_VALUE ? 0 : oc.start_time();
        PacketIndex pi = null;
        if (b.exactCount && !live) {
            try {
                pi = PacketIndex.scan(source, videoStreamIndex(oc), () -> limits.expired(openedNanos));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        this.index = pi;
        this.probe = buildProbe(g, oc, pi);
    }

    /** A local video file. */
    public static Builder file(Path path) {
        return new Builder(path.toString(), false, path);
    }

    /** A URL FFmpeg can read ({@code http://}, {@code https://}, {@code file:}, ...): seekable like a file. */
    public static Builder url(String url) {
        return new Builder(url, false, null);
    }

    /** A live stream ({@code rtsp://}, {@code udp://}, an endless http stream): forward reading only. */
    public static Builder live(String url) {
        return new Builder(url, true, null);
    }

    /** A capture device through an FFmpeg input format, e.g. {@code device("v4l2", "/dev/video0")}. */
    public static Builder device(String inputFormat, String device) {
        return new Builder(device, true, null).format(inputFormat);
    }

    /** Opens a local file with default options. */
    public static VideoSource open(Path path) {
        return file(path).open();
    }

    public String source() {
        return source;
    }

    public VideoProbe probe() {
        return probe;
    }

    /** The packet index when an exact frame count was requested (files only). */
    public Optional<PacketIndex> packetIndex() {
        return Optional.ofNullable(index);
    }

    /** True when {@link #seek(long)} works. */
    public boolean seekable() {
        return !live;
    }

    /** The index of the frame the next {@link #read()} or {@link #skip()} delivers. */
    public long position() {
        return next;
    }

    /** Decodes the next frame; null at the end of the video. */
    public RgbFrame read() {
        Frame f = grab(true);
        if (f == null) {
            return null;
        }
        RgbImage img = RgbImage.fromStrided((ByteBuffer) f.image[0], f.imageWidth, f.imageHeight, f.imageStride, rotation);
        return new RgbFrame(next++, seconds(f.timestamp), img);
    }

    /** Decodes the next frame without converting it to RGB (cheap skipping); false at the end. */
    public boolean skip() {
        if (grab(false) == null) {
            return false;
        }
        next++;
        return true;
    }

    /**
     * Positions the source so that the next {@link #read()} returns frame {@code frame} (0-based). Exact for
     * constant-frame-rate video; FFmpeg seeks to the key frame before and decodes forward.
     */
    public void seek(long frame) {
        ensureOpen();
        if (live) {
            throw new UnsupportedOperationException(source + ": a live source cannot seek");
        }
        if (frame < 0) {
            throw new IllegalArgumentException("negative frame index " + frame);
        }
        try {
            grabber.setVideoFrameNumber(Math.toIntExact(frame));
            next = frame;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoReadException(source, "cannot seek to frame " + frame + ": " + reason(e), e);
        }
    }

    /** Frames from the current position to the end (or forever for a live source), one at a time. */
    public FrameStream stream() {
        return new FrameStream(this);
    }

    private Frame grab(boolean convert) {
        ensureOpen();
        try {
            while (true) {
                if (limits.expired(openedNanos)) {
                    throw new VideoReadException(source, limits.timeoutMessage(next));
                }
                Frame f = grabber.grabFrame(false, true, convert, false, false);
                if (f == null) {
                    return null;
                }
                if (f.image != null || !convert) {
                    // a stream may change size mid-way; the header check alone does not bound the heap
                    String tooBig = convert ? limits.checkPicture(f.imageWidth, f.imageHeight) : null;
                    if (tooBig != null) {
                        throw new VideoReadException(source, "frame " + next + ": " + tooBig);
                    }
                    return f;
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoReadException(source, "cannot decode frame " + next + ": " + reason(e), e);
        }
    }

    private double seconds(long timestampUs) {
        return Math.max(0, timestampUs - startUs) / 1e6;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(source + ": video source is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseQuietly(grabber);
        }
    }

    private VideoProbe buildProbe(FFmpegFrameGrabber g, AVFormatContext oc, PacketIndex pi) {
        int vi = videoStreamIndex(oc);
        AVStream st = vi >= 0 ? oc.streams(vi) : null;
        double avg = st == null ? g.getVideoFrameRate() : rate(st.avg_frame_rate().num(), st.avg_frame_rate().den());
        double real = st == null ? g.getVideoFrameRate() : rate(st.r_frame_rate().num(), st.r_frame_rate().den());
        if (pi != null && pi.meanFps() > 0 && !pi.constantFrameRate()) {
            avg = pi.meanFps();     // containers such as Matroska store no average rate; FFmpeg then guesses
        }
        double dur = live || g.getLengthInTime() <= 0 ? 0 : g.getLengthInTime() / 1e6;
        long approx = live ? 0 : Math.max(0, g.getLengthInVideoFrames());
        int w = g.getImageWidth();
        int h = g.getImageHeight();
        boolean cfr = pi != null ? pi.constantFrameRate() : avg <= 0 || real <= 0 || Math.abs(avg - real) <= 0.01 * real;
        return new VideoProbe(source, g.getFormat(), g.getVideoCodecName(), dur, avg, real, approx,
                pi == null ? -1 : pi.frameCount(), rotation % 180 == 0 ? w : h, rotation % 180 == 0 ? h : w, rotation, cfr);
    }

    private static int videoStreamIndex(AVFormatContext oc) {
        for (int s = 0; s < oc.nb_streams(); s++) {
            if (oc.streams(s).codecpar().codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO
                    && (oc.streams(s).disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return s;
            }
        }
        return -1;
    }

    private static double rate(int num, int den) {
        return num > 0 && den > 0 ? (double) num / den : 0;
    }

    /**
     * FFmpeg's display matrix angle is counter-clockwise; players turn the picture clockwise by its negation
     * (a phone's portrait video says -90 and is shown turned 90° clockwise). Snapped to a multiple of 90.
     */
    static int clockwise(double displayRotation) {
        if (Double.isNaN(displayRotation)) {
            return 0;
        }
        long q = Math.round(-displayRotation / 90.0);
        return (int) (((q % 4) + 4) % 4) * 90;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (Exception | Error ignored) {
            // nothing more can be done with a grabber that fails to release
        }
    }

    /** Options for opening a source. */
    public static final class Builder {
        private final String source;
        private final boolean live;
        private final Path path;
        private String format;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, String> videoOptions = new LinkedHashMap<>();
        private boolean exactCount;
        private VideoLimits limits;

        private Builder(String source, boolean live, Path path) {
            this.source = source;
            this.live = live;
            this.path = path;
        }

        /** Forces an FFmpeg input format (demuxer or device), e.g. {@code v4l2}, {@code mjpeg}. */
        public Builder format(String inputFormat) {
            this.format = inputFormat;
            return this;
        }

        /** An option for the demuxer / protocol, e.g. {@code rtsp_transport=tcp}, {@code framerate=30}. */
        public Builder option(String key, String value) {
            options.put(key, value);
            return this;
        }

        /** An option for the video decoder, e.g. {@code threads=1}. */
        public Builder videoOption(String key, String value) {
            videoOptions.put(key, value);
            return this;
        }

        /** Decoder threads; use 1 when running many sources in parallel. */
        public Builder threads(int n) {
            return videoOption("threads", Integer.toString(n));
        }

        /** Network read timeout (FFmpeg's {@code rw_timeout}, in microseconds). */
        public Builder timeout(Duration d) {
            return option("rw_timeout", Long.toString(d.toNanos() / 1000));
        }

        /** Counts the video packets at open (demuxing the whole file) for an exact frame count and key frame map. */
        public Builder exactFrameCount(boolean exact) {
            this.exactCount = exact;
            return this;
        }

        /**
         * Size and time caps ({@link VideoLimits#DEFAULT} for files and URLs, {@link VideoLimits#LIVE} for live
         * sources unless set); the time counts from {@link #open()}.
         */
        public Builder limits(VideoLimits l) {
            this.limits = l;
            return this;
        }

        /** Opens the source; a {@link VideoReadException} names the source and the reason when it cannot. */
        public VideoSource open() {
            if (path != null) {
                checkFile(path);
            }
            return new VideoSource(this);
        }

        private static void checkFile(Path p) {
            String s = p.toString();
            if (!Files.exists(p)) {
                throw new VideoReadException(s, "no such file");
            }
            if (Files.isDirectory(p)) {
                throw new VideoReadException(s, "is a directory, not a video file");
            }
            if (!Files.isReadable(p)) {
                throw new VideoReadException(s, "not readable (permission denied)");
            }
            try {
                if (Files.size(p) == 0) {
                    throw new VideoReadException(s, "empty file (0 bytes)");
                }
            } catch (java.io.IOException e) {
                throw new VideoReadException(s, "cannot stat: " + e.getMessage(), e);
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".bmp")) {
                // FFmpeg would open a still image as a one-frame video; callers asked for a video
                throw new VideoReadException(s, "a still image, not a video");
            }
        }
    }
}
