package dev.actionclip.watch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight CLIP fixture and small synthetic long videos for watch tests. */
final class WatchFixtures {
    private WatchFixtures() {
    }

    static Path model() {
        Path p = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    static Path vocab() {
        Path p = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    /** 64 px clips of 16 frames at 8 fps (2 s), few labels so the text bank is quick. */
    static SyntheticLongVideo video(int segments, int clipsEach) {
        SyntheticSpec spec = SyntheticSpec.builder().size(64).fps(8).frames(16).threads(1).build();
        return new SyntheticLongVideo(spec, "val").segments(segments, clipsEach).seed(3);
    }
}
