package dev.actionclip.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.model.ActionClipModel;
import dev.actionclip.model.ModelLoader;
import dev.actionclip.model.ModelOptions;
import dev.actionclip.model.TextBanks;
import dev.actionclip.prompts.Templates;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.video.VideoReadException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real live server: Debian's {@code ffmpeg} serves a synthetic video over HTTP on 127.0.0.1 at twice real time.
 * The server is stopped mid-stream and started again: the watcher reconnects, and the windows and events from
 * before and after the outage all end up in the result. Every wait is for a state (a window count, a process
 * exit), never for a fixed time.
 */
@Tag("slow")
class FfmpegServerTest {
    @TempDir
    Path tmp;

    static boolean ffmpegPresent() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code ffmpeg} serving {@code video} once, to the first HTTP client, at twice real time. */
    static Process serve(Path video, int port, Path log) throws IOException {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "warning", "-nostdin", "-readrate", "2",
                "-i", video.toString(), "-c", "copy", "-f", "mpegts", "-listen", "1",
                "http://127.0.0.1:" + port + "/live.ts")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    @Test
    void serverStoppedAndRestartedMidStreamKeepsEventsFromBothSides() throws Exception {
        boolean present = ffmpegPresent();
        assumeTrue(present || SharedFiles.inCi() && System.getenv("ACTIONCLIP_NO_FFMPEG") == null,
                "Debian's ffmpeg is not installed (apt-get install ffmpeg)");
        assertTrue(present, "ffmpeg must be installed in CI (.ci/run installs it)");
        SyntheticLongVideo gen = WatchFixtures.video(4, 2); // 16 s
        Path video = tmp.resolve("source.ts");
        gen.write(video.toString(), "mpegts");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = tmp.resolve("ffmpeg.log");
        List<String> labels = gen.labelNames();
        try (ActionClipModel model = ModelLoader.load(WatchFixtures.model(),
                ModelOptions.defaults().withVocab(WatchFixtures.vocab()).withThreads(1))) {
            // a threshold just above chance: the random-weight model then reports events in every stretch
            ActionWatcher watcher = ActionWatcher.builder()
                    .model(model, TextBanks.build(model, null, labels, Templates.none(), null))
                    .window(Span.seconds(2)).stride(Span.seconds(1)).frames(4).threshold(1.01 / labels.size())
                    .shotCuts(false) // the outage is timed in windows of the plain grid
                    .queue(16, LatestWindowQueue.Policy.DROP_OLDEST).reconnect(100, 500, 40).build();
            AtomicReference<Process> server = new AtomicReference<>(serve(video, port, log));
            List<Double> before = new CopyOnWriteArrayList<>();
            List<Double> after = new CopyOnWriteArrayList<>();
            List<String> notices = new CopyOnWriteArrayList<>();
            List<Process> servers = new CopyOnWriteArrayList<>(List.of(server.get()));
            WatchListener listener = new WatchListener() {
                @Override
                public void window(ScoredWindow w) {
                    if (servers.size() == 1) {
                        before.add(w.end());
                        if (before.size() == 4) {
                            // the outage: this server dies mid-stream, a new one takes its place on the same port
                            Process first = server.get();
                            first.destroyForcibly();
                            try {
                                first.waitFor();
                                Process second = serve(video, port, log);
                                servers.add(second);
                                server.set(second);
                                // once the second server has sent everything, no more data will come
                                second.onExit().thenRun(watcher::stop);
                            } catch (IOException | InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    } else {
                        after.add(w.end());
                    }
                }

                @Override
                public void notice(String message) {
                    notices.add(message);
                }
            };
            WatchSource src = WatchSource.parse("http://127.0.0.1:" + port + "/live.ts", true, Duration.ofSeconds(5));
            ActionWatcher.Result r = null;
            try {
                // the first server may not listen yet, and a first open is not retried by the watcher
                for (int attempt = 0; r == null; attempt++) {
                    try {
                        r = watcher.watch(src, listener);
                    } catch (VideoReadException e) {
                        if (attempt > 100) {
                            throw e;
                        }
                        Thread.sleep(100);
                    }
                }
            } finally {
                servers.forEach(Process::destroyForcibly);
            }
            String context = r.stats().summary() + " / notices " + notices + " / ffmpeg: " + Files.readString(log);
            assertEquals(2, servers.size(), context);
            assertTrue(r.reconnects() >= 1, context);
            assertEquals(4, before.size(), context);
            assertTrue(after.size() >= 4, "windows after the restart: " + after + " / " + context);
            assertFalse(r.events().isEmpty(), context);
            double outage = before.get(before.size() - 1);
            List<Event> early = new ArrayList<>();
            for (Event e : r.events()) {
                if (e.start() < outage) {
                    early.add(e);
                }
            }
            assertFalse(early.isEmpty(), "events from before the outage are kept: " + r.events());
            assertTrue(r.events().stream().anyMatch(e -> e.end() > outage),
                    "events from after the outage: " + r.events());
        }
    }
}
