package dev.actionclip.clip;

import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.Json;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Hugging Face {@code CLIPModel} folders ({@code config.json} + safetensors) by renaming their tensors
 * to OpenAI's names: q/k/v projections are concatenated into {@code in_proj_weight/bias} and the two
 * projection matrices are transposed (HF stores them as {@code nn.Linear} weights, [E, W]).
 */
public final class HuggingFaceClip {
    private static final Pattern LAYER = Pattern.compile("^(text|vision)_model\\.encoder\\.layers\\.(\\d+)\\.(.+)$");
    private static final Pattern QKV = Pattern.compile("^self_attn\\.([qkv])_proj\\.(weight|bias)$");
    /** Buffers some transformers versions save; not parameters. */
    private static final String POSITION_IDS = ".embeddings.position_ids";

    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"),
            Map.entry("vision_model.embeddings.class_embedding", "visual.class_embedding"),
            Map.entry("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"),
            Map.entry("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"),
            Map.entry("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"),
            Map.entry("vision_model.post_layernorm.weight", "visual.ln_post.weight"),
            Map.entry("vision_model.post_layernorm.bias", "visual.ln_post.bias"),
            Map.entry("text_model.embeddings.token_embedding.weight", "token_embedding.weight"),
            Map.entry("text_model.embeddings.position_embedding.weight", "positional_embedding"),
            Map.entry("text_model.final_layer_norm.weight", "ln_final.weight"),
            Map.entry("text_model.final_layer_norm.bias", "ln_final.bias"),
            Map.entry("logit_scale", "logit_scale"));

    private static final Map<String, String> IN_LAYER = Map.of(
            "self_attn.out_proj.weight", "attn.out_proj.weight",
            "self_attn.out_proj.bias", "attn.out_proj.bias",
            "layer_norm1.weight", "ln_1.weight",
            "layer_norm1.bias", "ln_1.bias",
            "layer_norm2.weight", "ln_2.weight",
            "layer_norm2.bias", "ln_2.bias",
            "mlp.fc1.weight", "mlp.c_fc.weight",
            "mlp.fc1.bias", "mlp.c_fc.bias",
            "mlp.fc2.weight", "mlp.c_proj.weight",
            "mlp.fc2.bias", "mlp.c_proj.bias");

    private HuggingFaceClip() {
    }

    /** Loads a Hugging Face CLIP folder as a float32 CPU {@link ClipModel}. */
    public static ClipModel load(Path dir) {
        ClipGeometry g = readConfig(dir);
        Map<String, TensorData> sd = toOpenAi(SafeTensors.openFolder(dir).tensors(), dir);
        return ClipModel.fromStateDict(sd, g, dir);
    }

    /** The geometry in {@code dir/config.json}. */
    public static ClipGeometry readConfig(Path dir) {
        Path file = dir.resolve("config.json");
        try {
            return ClipGeometry.fromHuggingFaceConfig(Json.parseObject(Files.readString(file)));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new CheckpointFormatException(file, "cannot read the CLIP config: " + e.getMessage(), e);
        }
    }

    /** HF names → OpenAI names. Names it does not know are passed through (the loader reports them). */
    public static Map<String, TensorData> toOpenAi(Map<String, TensorData> hf, Path source) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        Map<String, TensorData[]> qkv = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : hf.entrySet()) {
            String k = e.getKey();
            TensorData t = e.getValue();
            if (k.endsWith(POSITION_IDS)) {
                continue;
            }
            String fixed = FIXED.get(k);
            Matcher m = LAYER.matcher(k);
            if (fixed != null) {
                put(out, fixed, t);
            } else if (k.equals("visual_projection.weight")) {
                put(out, "visual.proj", transpose(t, "visual.proj", source));
            } else if (k.equals("text_projection.weight")) {
                put(out, "text_projection", transpose(t, "text_projection", source));
            } else if (m.matches()) {
                String prefix = (m.group(1).equals("vision") ? "visual." : "") + "transformer.resblocks." + m.group(2) + ".";
                Matcher q = QKV.matcher(m.group(3));
                String mapped = IN_LAYER.get(m.group(3));
                if (q.matches()) {
                    String target = prefix + "attn.in_proj_" + q.group(2);
                    TensorData[] parts = qkv.computeIfAbsent(target, x -> new TensorData[3]);
                    parts["qkv".indexOf(q.group(1))] = t;
                } else if (mapped != null) {
                    put(out, prefix + mapped, t);
                } else {
                    put(out, k, t);
                }
            } else {
                put(out, k, t);
            }
        }
        for (Map.Entry<String, TensorData[]> e : qkv.entrySet()) {
            TensorData[] p = e.getValue();
            for (int i = 0; i < 3; i++) {
                if (p[i] == null) {
                    throw new CheckpointFormatException(source, e.getKey() + ": the " + "qkv".charAt(i)
                            + "_proj tensor is missing (the other two are present)");
                }
            }
            put(out, e.getKey(), concat0(e.getKey(), p, source));
        }
        return out;
    }

    private static void put(Map<String, TensorData> out, String name, TensorData t) {
        if (out.put(name, t.renamed(name)) != null) {
            throw new IllegalArgumentException("two tensors map to '" + name + "'");
        }
    }

    /** A 2-D transpose as a strided view: no copy. */
    static TensorData transpose(TensorData t, String name, Path source) {
        long[] s = t.shape();
        long[] st = t.strides();
        if (s.length != 2) {
            throw new CheckpointFormatException(source, t.describe() + ": expected a 2-D projection matrix");
        }
        return new TensorData(name, t.dtype(), new long[] {s[1], s[0]}, new long[] {st[1], st[0]}, t.offset(), t.storage());
    }

    /** Concatenation along dimension 0 (contiguous copy). */
    static TensorData concat0(String name, TensorData[] parts, Path source) {
        long[] rest = Arrays.copyOfRange(parts[0].shape(), 1, parts[0].shape().length);
        long rows = 0;
        long bytes = 0;
        for (TensorData p : parts) {
            long[] s = p.shape();
            if (p.dtype() != parts[0].dtype() || s.length == 0 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), rest)) {
                throw new CheckpointFormatException(source, name + ": q/k/v parts do not match: "
                        + Arrays.stream(parts).map(TensorData::describe).toList());
            }
            rows += s[0];
            bytes += p.numel() * p.dtype().size();
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorData p : parts) {
            buf.put(p.toContiguousBytes());
        }
        buf.flip();
        long[] shape = parts[0].shape();
        shape[0] = rows;
        return TensorData.contiguous(name, parts[0].dtype(), shape, buf);
    }
}
