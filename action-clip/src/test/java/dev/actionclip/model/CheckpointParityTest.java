package dev.actionclip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.temporal.FusionHeads;
import dev.actionclip.torch.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every checkpoint format of the same weights reproduces OpenAI's and ActionCLIP's reference outputs:
 * image_features, text_features, logits_per_image, and (ActionCLIP checkpoint) the fused Transf video features.
 * Fixture folder: {@code -Dactionclip.fixtures}; every dimension comes from the files.
 */
class CheckpointParityTest {
    static Path dir;
    static SafeTensors ref;
    static Path vocab;

    @BeforeAll
    static void fixtures() {
        dir = SharedFiles.resolve("actionclip.fixtures", "fixtures/model");
        assumeTrue(Files.exists(dir.resolve("reference.safetensors")) || SharedFiles.inCi(), "fixtures absent: " + dir);
        ref = SafeTensors.open(dir.resolve("reference.safetensors"));
        vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxAbs = 0;
        double maxErr = 0;
        for (int i = 0; i < expected.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("%s: max abs error %.3g (%.3g of max |expected|)%n", what, maxErr, maxErr / maxAbs);
        assertTrue(maxErr <= 1e-4 * maxAbs, what + ": max abs error " + maxErr + " > 1e-4 x " + maxAbs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-clip-openai-jit.pt", "tiny-clip-openai-state.pt", "tiny-clip-hf", "tiny-actionclip-transf.pt"})
    void everyFormatMatchesTheReference(String file) {
        Path model = dir.resolve(file);
        assumeTrue(Files.exists(model) || SharedFiles.inCi(), "fixture absent: " + model);
        try (ActionClipModel m = ModelLoader.load(model, ModelOptions.defaults().withVocab(vocab).withThreads(2));
             PointerScope scope = new PointerScope();
             InferenceMode g = new InferenceMode()) {
            Tensor images = Tensors.fromData(ref.get("images"));
            Tensor ids = Tensors.fromData(ref.get("text_ids"));
            Tensor img = m.clip().encodeImage(images);
            Tensor txt = m.clip().encodeText(ids);
            assertClose(file + " image_features", ref.get("image_features").toFloatArray(), Tensors.toFloatArray(img));
            assertClose(file + " text_features", ref.get("text_features").toFloatArray(), Tensors.toFloatArray(txt));
            long classes = ref.get("logits_per_image").shape()[1];
            Tensor logits = m.clip().logits(img, txt.narrow(0, 0, classes));
            assertClose(file + " logits_per_image", ref.get("logits_per_image").toFloatArray(), Tensors.toFloatArray(logits));
            if (file.contains("actionclip")) {
                assertEquals(FusionHeads.TRANSF, m.fusion().name());
                Tensor video = Tensors.fromData(ref.get("video"));
                assertClose(file + " fused.Transf (video end to end)", ref.get("fused.Transf").toFloatArray(),
                        Tensors.toFloatArray(m.encodeVideo(video)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-clip-openai-state.pt"})
    void embedTextsTokenizesLikeTheReference(String file) {
        Path model = dir.resolve(file);
        assumeTrue(Files.exists(vocab) || SharedFiles.inCi(), "vocabulary absent: " + vocab);
        java.util.List<String> prompts = ReferencePrompts.read(dir);
        try (ActionClipModel m = ModelLoader.load(model, ModelOptions.defaults().withVocab(vocab).withThreads(2))) {
            float[] f = m.embedTexts(prompts, false);
            assertClose("embedTexts", ref.get("text_features").toFloatArray(), f);
            assertArrayEquals(new long[] {prompts.size(), m.embedDim()}, ref.get("text_features").shape());
        }
    }
}
