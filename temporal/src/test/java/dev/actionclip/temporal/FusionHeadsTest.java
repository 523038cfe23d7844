package dev.actionclip.temporal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.DType;
import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.testsupport.SharedFiles;
import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import dev.actionclip.torch.Torch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parity of every fusion head with ActionCLIP's visual_prompt outputs in the shared fixture. */
class FusionHeadsTest {
    private static Path dir;
    private static SafeTensors ref;
    private static long textWidth;

    @BeforeAll
    static void open() throws IOException {
        Torch.init(1);
        dir = SharedFiles.resolve("actionclip.fixtures", "fixtures/model");
        Path st = dir.resolve("reference.safetensors");
        assumeTrue(Files.exists(st) || SharedFiles.inCi(), "fixture absent: " + st);
        ref = SafeTensors.open(st);
        Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve("reference.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) json.get("model");
        textWidth = ((Number) model.get("transformer_width")).longValue();
    }

    /** The fixture's {@code fusion.<kind>.*} tensors with that prefix removed. */
    private static Map<String, TensorData> weights(String kind, String newPrefix) {
        String prefix = "fusion." + kind + ".";
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : ref.tensors().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(newPrefix + e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    private static FusionHead load(String kind, Map<String, TensorData> sd) {
        return FusionHeads.fromStateDict(kind, sd, FusionHeads.defaultHeads(kind, textWidth));
    }

    @ParameterizedTest
    @ValueSource(strings = {"meanP", "Conv_1D", "LSTM", "Transf", "Transf_cls"})
    void matchesActionClip(String kind) {
        TensorData expected = ref.get("fused." + kind);
        float[] want = expected.toFloatArray();
        try (FusionHead head = load(kind, weights(kind, ""));
             PointerScope scope = new PointerScope();
             Tensor ff = Tensors.fromData(ref.get("frame_features"))) {
            Tensor out = head.forward(ff);
            assertArrayEquals(expected.shape(), Tensors.shape(out));
            double err = maxAbsDiff(Tensors.toFloatArray(out), want);
            double scale = maxAbs(want);
            System.out.printf("fusion %-10s max abs error %.3g (max |expected| %.3g, relative %.3g)%n",
                    kind, err, scale, err / scale);
            assertTrue(err <= 1e-4 * scale, kind + ": max abs error " + err + " > 1e-4 * " + scale);

            // Any frame count up to the head's table: the first 5 (or fewer) frames.
            long t = Math.min(5, ff.size(1) - 1);
            Tensor part = head.forward(ff.narrow(1, 0, t));
            assertArrayEquals(new long[] {ff.size(0), ff.size(2)}, Tensors.shape(part));
            for (float v : Tensors.toFloatArray(part)) {
                assertTrue(Float.isFinite(v), kind + " with " + t + " frames gave " + v);
            }
        }
    }

    /** The head count is not in the weights: only ActionCLIP's rule reproduces its outputs. */
    @ParameterizedTest
    @ValueSource(strings = {"Transf", "Transf_cls"})
    void otherHeadCountsDoNotMatch(String kind) {
        int right = FusionHeads.defaultHeads(kind, textWidth);
        int wrong = right == 1 ? 2 : right / 2;
        float[] want = ref.get("fused." + kind).toFloatArray();
        try (FusionHead head = FusionHeads.fromStateDict(kind, weights(kind, ""), wrong);
             PointerScope scope = new PointerScope();
             Tensor ff = Tensors.fromData(ref.get("frame_features"))) {
            double err = maxAbsDiff(Tensors.toFloatArray(head.forward(ff)), want);
            System.out.printf("fusion %-10s with %d heads instead of %d: max abs error %.3g%n", kind, wrong, right, err);
            assertTrue(err > 1e-4 * maxAbs(want), kind + " gave the same output with " + wrong + " heads");
        }
    }

    @Test
    void halfPrecisionInputKeepsItsDtype() {
        try (FusionHead head = load("LSTM", weights("LSTM", ""));
             PointerScope scope = new PointerScope()) {
            Tensor ff = Tensors.fromData(ref.get("frame_features"), ScalarType.BFloat16);
            Tensor out = head.forward(ff);
            assertEquals(ScalarType.BFloat16, out.scalar_type().intern());
            float[] want = ref.get("fused.LSTM").toFloatArray();
            assertTrue(maxAbsDiff(Tensors.toFloatArray(out), want) < 0.05 * maxAbs(want));
        }
    }

    @Test
    void acceptsDataParallelPrefix() {
        float[] plain;
        float[] prefixed;
        try (FusionHead a = load("Transf", weights("Transf", ""));
             FusionHead b = load("Transf", weights("Transf", "module."));
             PointerScope scope = new PointerScope();
             Tensor ff = Tensors.fromData(ref.get("frame_features"))) {
            plain = Tensors.toFloatArray(a.forward(ff));
            prefixed = Tensors.toFloatArray(b.forward(ff));
            assertEquals(a.parameters().keySet(), b.parameters().keySet());
        }
        assertArrayEquals(plain, prefixed, 0f);
    }

    @Test
    void resultBelongsToTheEnclosingScope() {
        try (FusionHead head = load("Conv_1D", weights("Conv_1D", ""))) {
            Tensor out;
            try (PointerScope scope = new PointerScope()) {
                out = head.forward(Tensors.fromData(ref.get("frame_features")));
                assertTrue(!out.isNull() && out.numel() > 0);
            }
            assertTrue(out.isNull(), "the enclosing scope should have freed the result");
            try (Tensor again = head.forward(Tensors.fromData(ref.get("frame_features")))) {
                assertTrue(again.numel() > 0); // no scope: the caller owns it
            }
        }
    }

    @Test
    void parameterNamesAreTheCheckpointKeys() {
        for (String kind : FusionHeads.KINDS) {
            Map<String, TensorData> w = weights(kind, "");
            try (FusionHead head = load(kind, w)) {
                assertEquals(w.keySet(), head.parameters().keySet(), kind);
                assertEquals(w.size(), head.module().named_parameters().size(), kind);
            }
        }
    }

    @Test
    void reportsMissingUnexpectedAndMisShapedNames() {
        Map<String, TensorData> w = weights("Transf", "module.");
        TensorData fc = w.remove("module.transformer.resblocks.1.mlp.c_fc.bias");
        w.put("module.transformer.resblocks.1.mlp.c_fc.bais", fc);
        w.put("module.transformer.resblocks.0.ln_2.weight", vector("ln_2", 3));
        FusionWeightsException e = assertThrows(FusionWeightsException.class, () -> load("Transf", w));
        assertEquals(java.util.List.of("transformer.resblocks.1.mlp.c_fc.bias"), e.missing());
        assertEquals(java.util.List.of("transformer.resblocks.1.mlp.c_fc.bais"), e.unexpected());
        assertEquals(1, e.misShaped().size());
        assertTrue(e.misShaped().get(0).startsWith("transformer.resblocks.0.ln_2.weight: got [3]"), e.getMessage());
    }

    @Test
    void rejectsTooManyFramesAndBadHeads() {
        try (FusionHead head = load("Transf_cls", weights("Transf_cls", ""));
             PointerScope scope = new PointerScope()) {
            Tensor x = org.bytedeco.pytorch.global.torch.zeros(1, head.maxFrames() + 1, head.width());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.forward(x));
            assertTrue(e.getMessage().contains("frames"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FusionHeads.fromStateDict("Transf", weights("Transf", ""), 0));
        assertThrows(IllegalArgumentException.class, () -> FusionHeads.kind("mean"));
    }

    @Test
    void createdHeadsHaveTheCheckpointLayout() {
        for (String kind : FusionHeads.KINDS) {
            Map<String, TensorData> w = weights(kind, "");
            long width = ref.get("frame_features").shape()[2];
            int frames = w.isEmpty() ? 8 : Math.toIntExact(w.get("frame_position_embeddings.weight").shape()[0]);
            int heads = FusionHeads.defaultHeads(kind, textWidth);
            int layers = (int) w.keySet().stream()
                    .map(k -> k.replaceFirst("^transformer\\.(resblocks|transformer_enc\\.layers)\\.(\\d+)\\..*", "$2"))
                    .filter(k -> k.matches("\\d+")).distinct().count();
            try (FusionHead head = FusionHeads.create(kind, width, heads, layers, frames);
                 PointerScope scope = new PointerScope()) {
                if (!kind.equals("Transf_cls")) { // its pos_embed follows the clip length, not the frame table
                    assertEquals(w.keySet(), head.parameters().keySet(), kind);
                    for (Map.Entry<String, TensorData> e : w.entrySet()) {
                        assertArrayEquals(e.getValue().shape(), Tensors.shape(head.parameters().get(e.getKey())),
                                kind + " " + e.getKey());
                    }
                }
                Tensor out = head.forward(org.bytedeco.pytorch.global.torch.randn(3, 4, width));
                assertArrayEquals(new long[] {3, width}, Tensors.shape(out));
            }
        }
    }

    private static TensorData vector(String name, int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        return TensorData.contiguous(name, DType.F32, new long[] {n}, b);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
