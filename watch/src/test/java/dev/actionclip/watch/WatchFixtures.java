package dev.actionclip.watch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.testsupport.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight CLIP fixture and small synthetic long videos for watch tests. */
public final class WatchFixtures {
    private WatchFixtures() {
    }

    public static Path model() {
        Path p = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    public static Path vocab() {
        Path p = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    /** 64 px clips of 16 frames at 8 fps (2 s), few labels so the text bank is quick. */
    public static SyntheticLongVideo video(int segments, int clipsEach) {
        SyntheticSpec spec = SyntheticSpec.builder().size(64).fps(8).frames(16).threads(1).build();
        return new SyntheticLongVideo(spec, "val").segments(segments, clipsEach).seed(3);
    }

    /**
     * Another JVM writing {@link #video}{@code (segments, 2)} to {@code out} (a file or a URL) as MPEG-TS, paced at
     * {@code pace} times real time. A separate process, because FFmpeg keeps a global lock while a server waits for
     * its client, and in one JVM it would serialise writer and reader.
     */
    public static Process writerProcess(String out, int segments, double pace, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PacedVideoWriter.class.getName(), out,
                Integer.toString(segments), Double.toString(pace))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The main of {@link #writerProcess}: {@code OUT SEGMENTS PACE}. */
    public static final class PacedVideoWriter {
        private PacedVideoWriter() {
        }

        public static void main(String[] args) throws Exception {
            video(Integer.parseInt(args[1]), 2).pace(Double.parseDouble(args[2])).write(args[0], "mpegts");
        }
    }
}
