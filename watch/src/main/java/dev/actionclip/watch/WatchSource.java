package dev.actionclip.watch;

import dev.actionclip.video.VideoReadException;
import dev.actionclip.video.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code watch} reads, told apart from its spelling: a local file, a URL of a finite video, a live network
 * stream ({@code rtsp}, {@code rtmp}, {@code udp}, {@code tcp}, {@code srt}...) or a capture device
 * ({@code /dev/video0}, {@code v4l2:/dev/video0}, {@code avfoundation:0}, {@code dshow:video=Cam}). Everything is
 * opened through {@link VideoSource}, so the rest of the pipeline is the same for all of them.
 *
 * <p>Live sources are read with a network timeout (so a dead stream does not block forever) and may be reopened
 * after a failure; a local file watched with {@code live} is followed while another program appends to it (FFmpeg's
 * {@code follow} option) until nothing new arrives for the timeout.
 */
public final class WatchSource {
    /** How a source is read. */
    public enum Kind { FILE, URL, STREAM, DEVICE }

    private static final Pattern STREAM_SCHEME = Pattern.compile("(?i)(rtsp|rtsps|rtmp|rtmps|udp|rtp|tcp|srt|mms|mmsh)://.*");
    private static final Pattern URL_SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]+://.*");
    private static final Pattern DEVICE_PREFIX = Pattern.compile("(?i)(v4l2|video4linux2|avfoundation|dshow|gdigrab|x11grab|lavfi):(.+)");

    private final String spec;
    private final Kind kind;
    private final boolean live;
    private final String deviceFormat;
    private final String location;
    private final Duration timeout;

    private WatchSource(String spec, Kind kind, boolean live, String deviceFormat, String location, Duration timeout) {
        this.spec = spec;
        this.kind = kind;
        this.live = live;
        this.deviceFormat = deviceFormat;
        this.location = location;
        this.timeout = timeout;
    }

    /**
     * Classifies a command-line SOURCE.
     *
     * @param forceLive treat it as live even when it looks like a file or a plain URL (a growing file, an endless
     *                  http stream)
     * @param timeout   how long a live read may wait for data before the source counts as dropped
     */
    public static WatchSource parse(String spec, boolean forceLive, Duration timeout) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no source given");
        }
        String s = spec.strip();
        var dev = DEVICE_PREFIX.matcher(s);
        if (dev.matches()) {
            return new WatchSource(s, Kind.DEVICE, true, dev.group(1).toLowerCase(Locale.ROOT), dev.group(2), timeout);
        }
        if (s.startsWith("/dev/video")) {
            return new WatchSource(s, Kind.DEVICE, true, "v4l2", s, timeout);
        }
        if (STREAM_SCHEME.matcher(s).matches()) {
            return new WatchSource(s, Kind.STREAM, true, null, s, timeout);
        }
        if (URL_SCHEME.matcher(s).matches()) {
            return new WatchSource(s, Kind.URL, forceLive, null, s, timeout);
        }
        return new WatchSource(s, Kind.FILE, forceLive, null, s, timeout);
    }

    /** A local file read once to its end. */
    public static WatchSource file(Path path) {
        return new WatchSource(path.toString(), Kind.FILE, false, null, path.toString(), Duration.ofSeconds(10));
    }

    public String spec() {
        return spec;
    }

    public Kind kind() {
        return kind;
    }

    /** Live: read forward only, scored asynchronously, windows may be dropped. */
    public boolean live() {
        return live;
    }

    /** Whether a dropped connection is worth reopening (network streams; not files, which would restart). */
    public boolean reconnectable() {
        return live && (kind == Kind.STREAM || kind == Kind.URL || kind == Kind.DEVICE);
    }

    /** Opens the source (once). */
    public VideoSource open() {
        switch (kind) {
            case DEVICE:
                return VideoSource.device(deviceFormat, location).open();
            case STREAM:
                return liveOptions(VideoSource.live(location)).open();
            case URL:
                return live ? liveOptions(VideoSource.live(location)).open() : VideoSource.url(location).open();
            default:
                if (!live) {
                    return VideoSource.file(Path.of(location)).open();
                }
                Path p = Path.of(location);
                if (!Files.isRegularFile(p)) {
                    throw new VideoReadException(location, Files.exists(p) ? "not a regular file" : "no such file");
                }
                // follow: keep reading at end of file while a writer appends; rw_timeout ends it when the writer stops
                // seekable=0: otherwise the demuxer estimates the duration by reading the end of the file, which on a
                // followed file waits for the writer to stop
                VideoSource.Builder b = VideoSource.live("file:" + p.toAbsolutePath()).option("follow", "1")
                        .option("seekable", "0");
                String format = formatOf(location);
                if (format != null) {
                    // Guessing the format from content reads ever larger chunks, which on a growing file means
                    // waiting for most of it to be written.
                    b.format(format);
                }
                return liveOptions(b).open();
        }
    }

    /**
     * A read timeout, and a short probe: FFmpeg's default analyses 5 s of media before the first frame, which on a
     * live source is 5 s of latency.
     */
    private VideoSource.Builder liveOptions(VideoSource.Builder b) {
        return b.timeout(timeout).option("analyzeduration", "1000000");
    }

    /** The demuxer for a followed file's extension, for formats that can be read while they are written. */
    static String formatOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".ts") || n.endsWith(".m2ts") || n.endsWith(".mts")) {
            return "mpegts";
        }
        if (n.endsWith(".mkv") || n.endsWith(".webm")) {
            return "matroska";
        }
        if (n.endsWith(".flv")) {
            return "flv";
        }
        if (n.endsWith(".h264") || n.endsWith(".264")) {
            return "h264";
        }
        return null;
    }

    @Override
    public String toString() {
        return spec;
    }
}
