package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.Templates;
import dev.actionclip.video.VideoReadException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live sources end to end with the tiny random-weight model: a TCP loopback stream served by FFmpeg and a file that
 * another thread is still writing. Windows must come out while the source is still being written, and a source
 * that dies mid-way must end the run normally with what was found.
 */
@Tag("slow")
class LiveWatchTest {
    private static ActionClipModel model;
    private static SyntheticLongVideo gen;
    private static ActionWatcher watcher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        Path m = WatchFixtures.model();
        Path vocab = WatchFixtures.vocab();
        model = ModelLoader.load(m, ModelOptions.defaults().withVocab(vocab).withThreads(1));
        gen = WatchFixtures.video(6, 2); // 24 s
        List<String> labels = gen.labelNames();
        watcher = ActionWatcher.builder().model(model, TextBanks.build(model, null, labels, Templates.none(), null))
                .window(Span.seconds(2)).stride(Span.seconds(1)).frames(4).threshold(1.01 / labels.size())
                .shotCuts(false) // these tests count the windows of the plain grid on a montage of 2 s clips
                .queue(2, LatestWindowQueue.Policy.DROP_OLDEST).reconnect(200, 400, 2).build();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Records when windows arrive. */
    private static class Recorder implements WatchListener {
        final List<Double> windowEnds = new CopyOnWriteArrayList<>();
        final List<String> notices = new CopyOnWriteArrayList<>();
        final AtomicLong firstWindowNanos = new AtomicLong();

        @Override
        public void window(ScoredWindow w) {
            firstWindowNanos.compareAndSet(0, System.nanoTime());
            windowEnds.add(w.end());
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }
    }

    @Test
    void tcpStreamKilledMidwayEndsCleanlyWithWhatWasFound() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // The stream is served by another process (FFmpeg keeps a global lock while a server waits for its client,
        // so server and client cannot share a JVM) at 2x real time, and killed once the watcher saw a few windows.
        Path log = tmp.resolve("server.log");
        Process server = WatchFixtures.writerProcess("tcp://127.0.0.1:" + port + "?listen=1", 6, 2.0, log);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        Recorder killer = new Recorder() {
            @Override
            public void window(ScoredWindow w) {
                super.window(w);
                if (windowEnds.size() == 4) {
                    killedAt.set(System.nanoTime());
                    server.destroyForcibly();
                }
            }
        };
        WatchSource src = WatchSource.parse("tcp://127.0.0.1:" + port, false, Duration.ofSeconds(5));
        assertTrue(src.live() && src.reconnectable());
        ActionWatcher.Result r = null;
        try {
            // The server may not listen yet: the first open is not retried by the watcher, so the test retries.
            for (int attempt = 0; r == null; attempt++) {
                try {
                    r = watcher.watch(src, killer);
                } catch (VideoReadException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } finally {
            server.destroyForcibly();
        }
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertTrue(killer.firstWindowNanos.get() > 0 && killer.firstWindowNanos.get() <= killedAt.get(),
                "windows arrive while the stream is live: " + Files.readString(log));
        assertTrue(r.stats().windowsScored() + r.stats().windowsDropped() >= 4, r.stats().summary());
        assertTrue(r.stats().mediaSeconds() < 23, "the run ended before the planned 24 s: " + r.stats().summary());
        assertFalse(r.stopped());
        assertTrue(r.endReason().contains("gave up"), r.endReason());
        assertFalse(killer.notices.isEmpty());
    }

    @Test
    void growingFileIsFollowedUntilItsWriterStops() throws Exception {
        Path file = tmp.resolve("growing.ts");
        // Another program writes the file (in this JVM FFmpeg's global lock would serialise writer and reader):
        // 12 s of video in 8 s.
        Process writer = WatchFixtures.writerProcess(file.toString(), 3, 1.5, tmp.resolve("writer.log"));
        AtomicLong writerEnd = new AtomicLong();
        CompletableFuture<Integer> exit = writer.onExit().thenApply(p -> {
            writerEnd.set(System.nanoTime());
            return p.exitValue();
        });
        // Wait for the header and some frames to reach the disk.
        for (int i = 0; i < 200 && (!Files.exists(file) || Files.size(file) < 4096); i++) {
            Thread.sleep(50);
        }
        Recorder rec = new Recorder();
        ActionWatcher.Result r = watcher.watch(WatchSource.parse(file.toString(), true, Duration.ofSeconds(2)), rec);
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), Files.readString(tmp.resolve("writer.log")));
        assertNotNull(r);
        assertTrue(rec.firstWindowNanos.get() > 0 && rec.firstWindowNanos.get() < writerEnd.get(),
                "windows arrive while the file is still being written");
        // 12 s, 2 s windows every 1 s: 11 windows scored or dropped (the live queue may drop some)
        assertTrue(r.stats().windowsScored() + r.stats().windowsDropped() >= 10, r.stats().summary());
        assertTrue(rec.windowEnds.get(rec.windowEnds.size() - 1) > 10, rec.windowEnds.toString());
    }

    @Test
    void stopEndsARunEarlyWithWhatWasFound() throws Exception {
        Path file = tmp.resolve("long.mp4");
        WatchFixtures.video(6, 2).write(file.toString(), "mp4");
        Recorder rec = new Recorder() {
            @Override
            public void window(ScoredWindow w) {
                super.window(w);
                if (windowEnds.size() == 3) {
                    watcher.stop();
                }
            }
        };
        ActionWatcher.Result r = watcher.watch(WatchSource.file(file), rec);
        assertTrue(r.stopped());
        assertTrue(r.stats().windowsScored() < 23 && r.stats().windowsScored() >= 3, r.stats().summary());
    }

    @Test
    void streamIteratesWindowsAndEvents() throws Exception {
        Path file = tmp.resolve("short.mp4");
        WatchFixtures.video(2, 1).write(file.toString(), "mp4"); // 4 s: 3 windows
        int windows = 0;
        int events = 0;
        try (WatchStream s = watcher.stream(WatchSource.file(file))) {
            for (WatchStream.Item i : s) {
                if (i.isEvent()) {
                    events++;
                } else {
                    windows++;
                }
            }
            assertNotNull(s.result());
            assertEquals(s.result().events().size(), events);
        }
        assertEquals(3, windows);
    }
}
