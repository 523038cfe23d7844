package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.watch.WatchFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch --live} in its own process, ended by a signal while its source is still being written. */
@Tag("slow")
class WatchInterruptTest {
    @TempDir
    Path tmp;

    @Test
    void interruptedCommandFlushesWhatItFound() throws Exception {
        Path file = tmp.resolve("camera.ts");
        Process writer = WatchFixtures.writerProcess(file.toString(), 6, 1.0, tmp.resolve("writer.log"));
        Path scores = tmp.resolve("scores.jsonl");
        Path events = tmp.resolve("events.jsonl");
        Path err = tmp.resolve("watch.err");
        try {
            for (int i = 0; i < 200 && (!Files.exists(file) || Files.size(file) < 4096); i++) {
                Thread.sleep(50);
            }
            Process watch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.actionclip.cli.Main", "watch",
                    "--model", WatchFixtures.model().toString(), "--vocab", WatchFixtures.vocab().toString(),
                    "--labels", String.join(",", WatchFixtures.video(6, 2).labelNames()), "--templates", "none", "--cache", "none",
                    "--threads", "1", "--frames", "4", "--live", "--threshold", "0.01", "--scores", scores.toString(),
                    "--output", events.toString(), file.toString())
                    .redirectError(err.toFile()).redirectOutput(tmp.resolve("watch.out").toFile()).start();
            for (int i = 0; i < 600 && (!Files.exists(scores) || Files.readAllLines(scores).size() < 2); i++) {
                Thread.sleep(50);
            }
            assertTrue(writer.isAlive(), "the source is still live when the watcher is interrupted");
            // SIGTERM, not SIGINT: a job started in the background by a non-interactive shell (as CI may run the
            // build) inherits SIGINT as ignored, and the JVM then never sees it. Both run the same shutdown hook.
            watch.destroy();
            assertTrue(watch.waitFor(60, TimeUnit.SECONDS), Files.readString(err));
        } finally {
            writer.destroyForcibly();
        }
        String log = Files.readString(err);
        assertTrue(log.contains("(stopped)") && log.contains("real-time factor"), log);
        List<String> lines = Files.readAllLines(scores);
        assertTrue(lines.size() >= 2, log);
        for (String l : lines) {
            Json.parseObject(l);
        }
        // threshold 0.01: every window is above it, so the open events were closed and flushed at the stop
        assertFalse(Files.readAllLines(events).isEmpty(), log);
    }
}
