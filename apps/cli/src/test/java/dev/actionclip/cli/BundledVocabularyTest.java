package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.datasets.synth.Colour;
import dev.actionclip.datasets.synth.Motion;
import dev.actionclip.datasets.synth.Shape;
import dev.actionclip.datasets.synth.SyntheticActions;
import dev.actionclip.datasets.synth.SyntheticSpec;
import dev.actionclip.formats.DType;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import dev.actionclip.model.ModelWeights;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first run: an OpenAI-style checkpoint with no vocabulary beside it, no --vocab and no
 * $ACTIONCLIP_VOCAB labels videos with CLIP's vocabulary bundled in the jar, exactly as with --vocab naming the file.
 */
class BundledVocabularyTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path video;

    @BeforeAll
    static void data() throws Exception {
        assumeTrue(System.getenv("ACTIONCLIP_VOCAB") == null, "ACTIONCLIP_VOCAB is set: the bundled copy is not used");
        model = SharedFiles.resolve("actionclip.fixtures", "fixtures/model").resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(model) || SharedFiles.inCi(), "fixture absent: " + model);
        assumeTrue(!Files.exists(model.resolveSibling("bpe_simple_vocab_16e6.txt.gz"))
                && !Files.exists(model.resolveSibling("vocab.json")), "a vocabulary lies beside the fixture model");
        SyntheticSpec spec = SyntheticSpec.builder().seed(1).shapes(List.of(Shape.CIRCLE)).colours(List.of(Colour.RED))
                .motions(List.of(Motion.MOVING_LEFT)).perLabel(1).valPerLabel(0).unseenPerLabel(0).unseenFraction(0)
                .frames(4).size(32).build();
        new SyntheticActions(spec).generate(tmp.resolve("ds"));
        try (Stream<Path> s = Files.walk(tmp.resolve("ds"))) {
            video = s.filter(p -> p.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
    }

    private static CliRun label(Path modelFile, Path output, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("label", "--model", modelFile.toString(),
                "--labels", "a,b", "--frames", "4", "--threads", "2", "--no-cache", "--output", output.toString()));
        a.addAll(List.of(extra));
        a.add(video.toString());
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void labelWorksWithoutVocabAndMatchesTheSharedFile() throws Exception {
        Path bundledOut = tmp.resolve("bundled.csv");
        CliRun bundled = label(model, bundledOut);
        assertEquals(0, bundled.code(), bundled.err());
        String rows = Files.readString(bundledOut);
        assertTrue(rows.contains(video.toString()), rows);

        Path vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(vocab) || SharedFiles.inCi(), "fixture absent: " + vocab);
        Path namedOut = tmp.resolve("named.csv");
        CliRun named = label(model, namedOut, "--vocab", vocab.toString());
        assertEquals(0, named.code(), named.err());
        assertEquals(Files.readString(namedOut), rows, "same ids, same scores");
    }

    @Test
    void aModelWithAnotherVocabularySizeNamesTheBundledVocabulary() throws Exception {
        Map<String, TensorData> sd = new LinkedHashMap<>(ModelWeights.read(model).clip());
        long width = sd.get("token_embedding.weight").shape()[1];
        int rows = 1000;
        sd.put("token_embedding.weight", TensorData.contiguous("token_embedding.weight", DType.F32,
                new long[] {rows, width}, ByteBuffer.allocate((int) (rows * width * 4))));
        Path other = tmp.resolve("other-vocab").resolve("model.safetensors");
        Files.createDirectories(other.getParent());
        SafeTensors.write(other, sd, Map.of());

        CliRun r = label(other, tmp.resolve("other.csv"));
        assertEquals(2, r.code(), r.err());
        String err = r.err();
        assertTrue(err.startsWith("error: "), err);
        for (String needle : new String[] {"bundled bpe_simple_vocab_16e6.txt.gz", "49408", String.valueOf(rows),
                "--vocab"}) {
            assertTrue(err.contains(needle), "stderr should mention '" + needle + "': " + err);
        }
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
