package dev.actionclip.formats;

import dev.actionclip.testsupport.SharedFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the shared tiny-CLIP weights in every torch format and checks they agree with each other. */
class TorchCheckpointFixtureTest {
    private static Path dir;

    @BeforeAll
    static void fixtures() {
        dir = SharedFiles.resolve("actionclip.fixtures", "fixtures/model");
        Path p = dir.resolve("tiny-clip-openai-state.pt");
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
    }

    private static void assertSameTensors(Map<String, TensorData> expected, Map<String, TensorData> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": key set");
        for (Map.Entry<String, TensorData> e : expected.entrySet()) {
            TensorData a = actual.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), a.shape(), what + ": shape of " + e.getKey());
            assertArrayEquals(e.getValue().toFloatArray(), a.toFloatArray(), what + ": values of " + e.getKey());
        }
    }

    @Test
    void stateDictHasOpenAiNamesAndShapes() {
        Path file = dir.resolve("tiny-clip-openai-state.pt");
        assertEquals(CheckpointFormat.TORCH_SAVE, Checkpoints.detect(file));
        Map<String, TensorData> sd = TorchCheckpoint.read(file).stateDict();
        for (String k : new String[] {"positional_embedding", "text_projection", "logit_scale", "visual.conv1.weight",
                "visual.class_embedding", "visual.proj", "transformer.resblocks.0.attn.in_proj_weight",
                "token_embedding.weight", "ln_final.weight"}) {
            assertTrue(sd.containsKey(k), "missing " + k + " in " + sd.keySet());
        }
        TensorData conv = sd.get("visual.conv1.weight");
        assertEquals("visual.conv1.weight", conv.name());
        assertEquals(DType.F16, conv.dtype());
        assertEquals(4, conv.shape().length);
        long width = conv.shape()[0];
        assertArrayEquals(new long[] {3 * width, width}, sd.get("transformer.resblocks.0.attn.in_proj_weight").shape());
        assertEquals(0, sd.get("logit_scale").shape().length);
        assertEquals(49408, sd.get("token_embedding.weight").shape()[0]);
    }

    @Test
    void torchScriptArchiveMatchesStateDict() {
        Path jit = dir.resolve("tiny-clip-openai-jit.pt");
        assertEquals(CheckpointFormat.OPENAI_TORCHSCRIPT, Checkpoints.detect(jit));
        TorchScriptArchive archive = TorchScriptArchive.read(jit);
        assertEquals("__torch__.clip.model.CLIP", archive.rootClass());
        Map<String, TensorData> sd = TorchCheckpoint.read(dir.resolve("tiny-clip-openai-state.pt")).stateDict();
        assertSameTensors(sd, archive.tensors(), "TorchScript");
        assertFalse(archive.constants().isEmpty(), "constants.pkl tensors");
        assertEquals(sd.keySet(), Checkpoints.readTensors(jit).keySet());
    }

    @Test
    void actionClipCheckpointMatchesStateDictAndReference() {
        Path file = dir.resolve("tiny-actionclip-transf.pt");
        TorchCheckpoint ckpt = TorchCheckpoint.read(file);
        assertInstanceOf(Number.class, ckpt.rootMap().get("epoch"));
        Map<String, TensorData> model = ckpt.stateDict();
        assertTrue(model.values().stream().anyMatch(t -> t.dtype() == DType.F32), "some float32 tensors");
        assertTrue(model.values().stream().anyMatch(t -> t.dtype() == DType.F16), "some float16 tensors");
        assertSameTensors(TorchCheckpoint.read(dir.resolve("tiny-clip-openai-state.pt")).stateDict(), model, "model_state_dict");

        Map<String, TensorData> fusion = ckpt.tensorsUnder("fusion_model_state_dict");
        Map<String, TensorData> ref = SafeTensors.open(dir.resolve("reference.safetensors")).tensors();
        int compared = 0;
        for (Map.Entry<String, TensorData> e : fusion.entrySet()) {
            assertTrue(e.getKey().startsWith("module."), e.getKey());
            TensorData expected = ref.get("fusion.Transf." + e.getKey().substring("module.".length()));
            assertTrue(expected != null, "no reference for " + e.getKey());
            assertArrayEquals(expected.shape(), e.getValue().shape(), e.getKey());
            float[] want = expected.toFloatArray();
            float[] got = e.getValue().toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-6f * Math.max(1f, Math.abs(want[i])), e.getKey() + "[" + i + "]");
            }
            compared++;
        }
        assertTrue(compared > 0);
        Object opt = ckpt.rootMap().get("optimizer_state_dict");
        assertInstanceOf(Map.class, opt);
        assertTrue(((Map<?, ?>) opt).containsKey("param_groups"), "optimizer keys " + ((Map<?, ?>) opt).keySet());
    }

    @Test
    void detectsSafetensorsFileAndFolder() {
        assertEquals(CheckpointFormat.SAFETENSORS, Checkpoints.detect(dir.resolve("reference.safetensors")));
        assertEquals(CheckpointFormat.HF_FOLDER, Checkpoints.detect(dir.resolve("tiny-clip-hf")));
        assertFalse(Checkpoints.readTensors(dir.resolve("tiny-clip-hf")).isEmpty());
    }

    @Test
    void storedEntriesShareOneStorage() {
        Map<String, TensorData> sd = TorchCheckpoint.read(dir.resolve("tiny-clip-openai-state.pt")).stateDict();
        TensorData pos = sd.get("positional_embedding");
        assertEquals(Arrays.stream(pos.shape()).reduce(1, (a, b) -> a * b) * 2, pos.storage().capacity());
    }
}
