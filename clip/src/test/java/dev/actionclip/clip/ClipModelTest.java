package dev.actionclip.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.DType;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** Names, loading errors and dtype handling on small random models (no fixture needed). */
class ClipModelTest {
    /** Small enough to build in milliseconds; deliberately unlike the fixture. */
    static final ClipGeometry SMALL = new ClipGeometry(16, 32, 2, 64, 16, 1, 8, 100, 64, 1, 1, 4, 1e-5, true);

    static Map<String, TensorData> stateDict(ClipModel m) {
        Map<String, TensorData> sd = new LinkedHashMap<>();
        StringTensorDict p = m.named_parameters(true);
        for (long i = 0; i < p.size(); i++) {
            String k = p.get(i).key().getString();
            try (Tensor t = p.get(i).value()) {
                sd.put(k, Tensors.toData(k, t));
            }
        }
        return sd;
    }

    @Test
    void parameterNamesAreOpenAiKeys() {
        try (ClipModel m = new ClipModel(SMALL)) {
            Set<String> names = StateDicts.parameterShapes(m).keySet();
            for (String k : List.of("visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding",
                    "visual.ln_pre.weight", "visual.ln_pre.bias", "visual.transformer.resblocks.0.attn.in_proj_weight",
                    "visual.transformer.resblocks.1.attn.in_proj_bias", "visual.transformer.resblocks.0.attn.out_proj.weight",
                    "visual.transformer.resblocks.0.ln_1.weight", "visual.transformer.resblocks.0.mlp.c_fc.weight",
                    "visual.transformer.resblocks.0.mlp.c_proj.bias", "visual.transformer.resblocks.0.ln_2.bias",
                    "visual.ln_post.weight", "visual.proj", "token_embedding.weight", "positional_embedding",
                    "transformer.resblocks.0.attn.in_proj_weight", "ln_final.weight", "text_projection", "logit_scale")) {
                assertTrue(names.contains(k), k + " not in " + names);
            }
            assertEquals(2 * 12 + 8 + 12 + 6, names.size());
            assertArrayEquals(new long[] {64, 3, 16, 16}, StateDicts.parameterShapes(m).get("visual.conv1.weight"));
            assertArrayEquals(new long[] {5, 64}, StateDicts.parameterShapes(m).get("visual.positional_embedding"));
        }
    }

    @Test
    void stateDictRoundTripGivesSameOutputsAndGeometry() {
        try (ClipModel a = new ClipModel(SMALL)) {
            Map<String, TensorData> sd = stateDict(a);
            sd.put("input_resolution", TensorData.contiguous("input_resolution", DType.I64, new long[0],
                    ByteBuffer.allocateDirect(8)));
            assertEquals(SMALL.withHeads(1, 1), ClipGeometry.fromStateDict(sd).withHeads(1, 1));
            try (ClipModel b = ClipModel.fromStateDict(sd, SMALL);
                 InferenceMode g = new InferenceMode();
                 Tensor ids = Tensors.of(new long[] {5, 7, 99, 0, 0, 0, 1, 2, 3, 99, 0, 0}, 2, 6);
                 Tensor imgs = Tensors.of(new float[2 * 3 * 32 * 32], 2, 3, 32, 32);
                 Tensor la = a.forward(imgs, ids);
                 Tensor lb = b.forward(imgs, ids)) {
                assertArrayEquals(new long[] {2, 2}, Tensors.shape(la));
                assertArrayEquals(Tensors.toFloatArray(la), Tensors.toFloatArray(lb), 1e-5f);
            }
        }
    }

    @Test
    void reportsMissingUnexpectedAndMisShapedTensorsTogether() {
        try (ClipModel a = new ClipModel(SMALL)) {
            Map<String, TensorData> sd = stateDict(a);
            sd.remove("visual.transformer.resblocks.1.mlp.c_fc.bias");
            sd.put("visual.proj", HuggingFaceClip.transpose(sd.get("visual.proj"), "visual.proj", null));
            sd.put("visual.extra_token", TensorData.contiguous("x", DType.F32, new long[] {3, 2},
                    ByteBuffer.allocateDirect(24)));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                    () -> ClipModel.fromStateDict(sd, SMALL));
            String msg = e.getMessage();
            assertTrue(msg.contains("visual.transformer.resblocks.1.mlp.c_fc.bias [256]"), msg);
            assertTrue(msg.contains("visual.proj has [16, 64], expected [64, 16]"), msg);
            assertTrue(msg.contains("visual.extra_token F32[3, 2]"), msg);
            assertTrue(msg.contains("1 missing, 1 mis-shaped, 1 unexpected"), msg);
        }
    }

    @Test
    void rejectsResNetCheckpoints() {
        Map<String, TensorData> sd = Map.of("visual.layer1.0.conv1.weight",
                TensorData.contiguous("w", DType.F32, new long[] {1}, ByteBuffer.allocateDirect(4)));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ClipGeometry.fromStateDict(sd));
        assertTrue(e.getMessage().contains("ModifiedResNet"), e.getMessage());
    }

    @Test
    void halfPrecisionModelKeepsLayerNormInFloat32() {
        try (ClipModel m = new ClipModel(SMALL);
             InferenceMode g = new InferenceMode();
             Tensor ids = Tensors.of(new long[] {5, 7, 99, 0}, 1, 4);
             Tensor f32 = m.encodeText(ids)) {
            m.to(m.device(), ScalarType.BFloat16);
            assertEquals(ScalarType.BFloat16, m.dtype());
            try (Tensor bf = m.encodeText(ids)) {
                assertEquals(ScalarType.BFloat16, bf.scalar_type().intern());
                float[] a = Tensors.toFloatArray(f32);
                float[] b = Tensors.toFloatArray(bf);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 0.1 * Math.abs(a[i]) + 0.05, "feature " + i);
                }
            }
        }
    }

    @Test
    void bf16ImageTowerAgreesWithFloat32() {
        // bf16 attention on the CPU is written out as two matmuls (the fused kernel is slow there): same answer
        float[] pixels = new float[2 * 3 * 32 * 32];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) r.nextGaussian();
        }
        try (ClipModel m = new ClipModel(SMALL);
             InferenceMode g = new InferenceMode();
             Tensor images = Tensors.of(pixels, 2, 3, 32, 32);
             Tensor f32 = m.encodeImage(images)) {
            m.to(m.device(), ScalarType.BFloat16);
            try (Tensor bf = m.encodeImage(images)) {
                float[] a = Tensors.toFloatArray(f32);
                float[] b = Tensors.toFloatArray(bf);
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int i = 0; i < a.length; i++) {
                    dot += a[i] * b[i];
                    na += a[i] * a[i];
                    nb += b[i] * b[i];
                }
                assertTrue(dot / Math.sqrt(na * nb) > 0.999, "cosine " + dot / Math.sqrt(na * nb));
            }
        }
    }

    @Test
    void rejectsBadInputs() {
        try (ClipModel m = new ClipModel(SMALL);
             Tensor tooLong = Tensors.of(new long[9], 1, 9);
             Tensor badId = Tensors.of(new long[] {1, 100}, 1, 2);
             Tensor badImage = Tensors.of(new float[3 * 16 * 16], 1, 3, 16, 16)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.encodeText(tooLong)).getMessage().contains("≤ 8"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.encodeText(badId)).getMessage().contains("[0, 100)"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.encodeImage(badImage)).getMessage()
                    .contains("[N, 3, 32, 32]"));
        }
    }

    @Test
    void huggingFaceConfigDefaultsAndPresets() {
        ClipGeometry g = ClipGeometry.fromHuggingFaceConfig(Map.of("model_type", "clip", "text_config", Map.of(),
                "vision_config", Map.of()));
        assertEquals(ClipGeometry.preset("ViT-B/32"), g);
        assertEquals(16, ClipGeometry.preset("ViT-B/16").visionPatchSize());
        assertThrows(IllegalArgumentException.class, () -> ClipGeometry.preset("RN50"));
    }

    @Test
    void stripPrefixRemovesDataParallelNames() {
        TensorData t = TensorData.contiguous("x", DType.F32, new long[] {1}, ByteBuffer.allocateDirect(4));
        Map<String, TensorData> sd = new LinkedHashMap<>();
        sd.put("module.visual.proj", t);
        sd.put("logit_scale", t);
        assertEquals(List.of("visual.proj", "logit_scale"), List.copyOf(StateDicts.stripPrefix(sd, "module.").keySet()));
        sd.put("visual.proj", t);
        assertThrows(IllegalArgumentException.class, () -> StateDicts.stripPrefix(sd, "module."));
    }
}
