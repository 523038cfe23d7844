package dev.actionclip.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CLIP features and logits against the reference implementation's outputs on the shared tiny model. */
class ClipParityTest {
    private static Path dir;
    private static SafeTensors ref;

    @BeforeAll
    static void fixtures() {
        dir = SharedFiles.resolve("actionclip.fixtures", "fixtures/model");
        Path refFile = dir.resolve("reference.safetensors");
        assumeTrue(Files.exists(refFile) || SharedFiles.inCi(), "fixture absent: " + refFile);
        ref = SafeTensors.open(refFile);
        torch.set_num_threads(2);
    }

    @Test
    void huggingFaceFolderMatchesReference() {
        try (ClipModel m = HuggingFaceClip.load(dir.resolve("tiny-clip-hf"))) {
            checkOutputs(m);
        }
    }

    @Test
    void openAiNamedStateDictInfersGeometryAndMatchesReference() {
        Path hf = dir.resolve("tiny-clip-hf");
        Map<String, TensorData> sd = HuggingFaceClip.toOpenAi(SafeTensors.openFolder(hf).tensors(), hf);
        ClipGeometry config = HuggingFaceClip.readConfig(hf);
        ClipGeometry inferred = ClipGeometry.fromStateDict(sd);
        // OpenAI's rule gives heads = width / 64; everything else must come out of the tensors exactly
        assertEquals(config, inferred.withHeads(config.visionHeads(), config.transformerHeads()));
        try (ClipModel m = ClipModel.fromStateDict(sd, inferred.withHeads(config.visionHeads(), config.transformerHeads()))) {
            assertEquals(sd.keySet(), StateDicts.parameterShapes(m).keySet());
            checkOutputs(m);
        }
    }

    private static void checkOutputs(ClipModel m) {
        try (InferenceMode guard = new InferenceMode();
             Tensor images = Tensors.fromData(ref.get("images"));
             Tensor ids = Tensors.fromData(ref.get("text_ids"));
             Tensor img = m.encodeImage(images);
             Tensor txt = m.encodeText(ids);
             Tensor ids5 = ids.narrow(0, 0, Math.min(5, ids.size(0)));
             Tensor logits = m.forward(images, ids5)) {
            assertClose("image_features", ref.get("image_features"), img);
            assertClose("text_features", ref.get("text_features"), txt);
            assertClose("logits_per_image", ref.get("logits_per_image"), logits);
        }
    }

    static void assertClose(String what, TensorData expected, Tensor actual) {
        assertArrayEquals(expected.shape(), Tensors.shape(actual), what + " shape");
        float[] e = expected.toFloatArray();
        float[] a = Tensors.toFloatArray(actual);
        double maxAbs = 0;
        double maxErr = 0;
        for (int i = 0; i < e.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(e[i]));
            maxErr = Math.max(maxErr, Math.abs(e[i] - a[i]));
        }
        assertTrue(maxErr <= 1e-4 * maxAbs, what + ": max abs error " + maxErr + " > 1e-4 × " + maxAbs);
    }
}
