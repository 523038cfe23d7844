package dev.actionclip.video;

import org.bytedeco.ffmpeg.global.avutil;

/** Small helpers around FFmpeg's C API. */
final class Ffmpeg {
    private Ffmpeg() {
    }

    /** FFmpeg's text for an error code. */
    static String error(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }

    /** Quiets FFmpeg's console logging once per JVM; decoding errors are reported by exceptions instead. */
    static void quiet() {
        Holder.INIT.hashCode();
    }

    private static final class Holder {
        static final Object INIT = init();

        private static Object init() {
            String level = System.getProperty("actionclip.ffmpeg.log", "error");
            avutil.av_log_set_level(switch (level) {
                case "quiet" -> avutil.AV_LOG_QUIET;
                case "warning" -> avutil.AV_LOG_WARNING;
                case "info" -> avutil.AV_LOG_INFO;
                case "debug" -> avutil.AV_LOG_DEBUG;
                default -> avutil.AV_LOG_ERROR;
            });
            return new Object();
        }
    }
}
