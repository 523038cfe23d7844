package dev.actionclip.watch;

import dev.actionclip.video.RgbFrame;
import dev.actionclip.video.VideoReadException;
import dev.actionclip.video.VideoSource;
import dev.actionclip.video.preprocess.ClipPreprocessor;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The decoding side of one watch run: opens the source, reads frames in order and offers each to the session with
 * a lazy preprocessing step. A live network source that ends or fails is reopened with back-off, its frame numbers
 * and timestamps kept increasing by a {@link StreamClock}. Ends at the end of a file, when a live source cannot
 * be reopened, or on {@link #stop()}.
 */
final class FrameFeed {
    private final WatchSource source;
    private final ClipPreprocessor preprocessor;
    private final long initialMillis;
    private final long maxMillis;
    private final int attempts;
    private final WatchListener listener;
    private final ShotCuts cuts;
    private final CountDownLatch stopLatch = new CountDownLatch(1);
    private volatile boolean stop;
    private int reconnects;
    private String endReason = "end of stream";

    /** @param cuts shot-cut detector, or null to let windows span cuts */
    FrameFeed(WatchSource source, int resolution, long initialMillis, long maxMillis, int attempts,
              WatchListener listener, ShotCuts cuts) {
        this.cuts = cuts;
        this.source = source;
        this.preprocessor = ClipPreprocessor.clip(resolution);
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.attempts = attempts;
        this.listener = listener;
    }

    void stop() {
        stop = true;
        stopLatch.countDown();
    }

    boolean stopped() {
        return stop;
    }

    int reconnects() {
        return reconnects;
    }

    String endReason() {
        return endReason;
    }

    /** Where decoded frames go: a {@link WatchSession}, or one source's lane of a {@link MultiWatch}. */
    interface Sink {
        void offer(long frameIndex, double timestamp, java.util.function.Supplier<float[]> frame, boolean cut)
                throws InterruptedException;
    }

    void run(Sink session) throws InterruptedException {
        StreamClock clock = new StreamClock();
        // The first open is not retried: a wrong address or a missing file is bad input, reported at once.
        VideoSource vs = source.open();
        long decodedHere = 0;
        while (true) {
            String failure = null;
            try (VideoSource open = vs) {
                for (RgbFrame f : open.stream()) {
                    double ts = clock.next(f.timestamp());
                    // every frame goes through the cut detector (a cheap 8 x 8 colour grid), kept or not
                    boolean cut = cuts != null && cuts.isCut(f.image());
                    session.offer(clock.lastIndex(), ts, () -> preprocess(f), cut);
                    decodedHere++;
                    if (stop) {
                        break;
                    }
                }
            } catch (VideoReadException e) {
                if (!source.live()) {
                    throw e;
                }
                failure = e.getMessage();
            }
            if (stop) {
                endReason = "stopped";
                return;
            }
            if (!source.reconnectable()) {
                if (failure != null) {
                    // A followed file whose writer went quiet times out: that is its end, not an error.
                    endReason = decodedHere == 0 ? failure : "no new data: " + failure;
                }
                return;
            }
            listener.notice(source + ": " + (failure != null ? failure : "stream ended") + "; reconnecting");
            vs = reopen();
            if (vs == null) {
                return;
            }
            reconnects++;
            clock.reconnected();
            decodedHere = 0;
        }
    }

    private VideoSource reopen() throws InterruptedException {
        Reconnector<VideoSource> r = new Reconnector<>(source::open, initialMillis, maxMillis, 0.2,
                System.nanoTime(), attempts, this::sleepUnlessStopped);
        try {
            return r.open();
        } catch (Reconnector.GaveUpException e) {
            endReason = e.getMessage();
            listener.notice(source + ": " + e.getMessage());
            return null;
        } catch (StopWaiting e) {
            endReason = "stopped";
            return null;
        }
    }

    /** Back-off that a stop request cuts short. */
    private void sleepUnlessStopped(long millis) throws InterruptedException {
        if (stopLatch.await(millis, TimeUnit.MILLISECONDS)) {
            throw new StopWaiting();
        }
    }

    private float[] preprocess(RgbFrame f) {
        return preprocessor.apply(List.of(f.image())).data();
    }

    /** Unwinds the reconnector when a stop arrives during its back-off. */
    private static final class StopWaiting extends RuntimeException {
        StopWaiting() {
            super("stopped", null, false, false);
        }
    }
}
