package dev.actionclip.clip;

import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.formats.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dimensions of a CLIP model with a ViT image tower. Every number comes from the checkpoint (OpenAI's
 * {@code build_model} rules, {@link #fromStateDict}) or from a Hugging Face {@code config.json}
 * ({@link #fromHuggingFaceConfig}); the named presets only serve random initialisation and benchmarks.
 *
 * @param mlpRatio     hidden width of every MLP divided by its block width (4 in all public CLIPs)
 * @param layerNormEps epsilon of every LayerNorm (1e-5 in OpenAI's code)
 * @param quickGelu    true for OpenAI's {@code x * sigmoid(1.702 x)}; false for exact GELU (some HF ports)
 */
public record ClipGeometry(int embedDim, int imageResolution, int visionLayers, int visionWidth, int visionPatchSize,
                           int visionHeads, int contextLength, int vocabSize, int transformerWidth,
                           int transformerHeads, int transformerLayers, int mlpRatio, double layerNormEps,
                           boolean quickGelu) {

    /** OpenAI's rule: one attention head per 64 channels. */
    public static final int HEAD_WIDTH = 64;

    public ClipGeometry {
        positive("embedDim", embedDim);
        positive("imageResolution", imageResolution);
        positive("visionLayers", visionLayers);
        positive("visionWidth", visionWidth);
        positive("visionPatchSize", visionPatchSize);
        positive("visionHeads", visionHeads);
        positive("contextLength", contextLength);
        positive("vocabSize", vocabSize);
        positive("transformerWidth", transformerWidth);
        positive("transformerHeads", transformerHeads);
        positive("transformerLayers", transformerLayers);
        positive("mlpRatio", mlpRatio);
        if (imageResolution % visionPatchSize != 0) {
            throw new IllegalArgumentException("image resolution " + imageResolution + " is not a multiple of the patch size "
                    + visionPatchSize);
        }
        if (visionWidth % visionHeads != 0) {
            throw new IllegalArgumentException("vision width " + visionWidth + " is not divisible by " + visionHeads + " heads");
        }
        if (transformerWidth % transformerHeads != 0) {
            throw new IllegalArgumentException("text width " + transformerWidth + " is not divisible by " + transformerHeads
                    + " heads");
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /** Patches per side of the image grid. */
    public int gridSize() {
        return imageResolution / visionPatchSize;
    }

    /** The same geometry with explicit head counts (for checkpoints that do not follow width / 64). */
    public ClipGeometry withHeads(int visionHeads, int textHeads) {
        return new ClipGeometry(embedDim, imageResolution, visionLayers, visionWidth, visionPatchSize, visionHeads,
                contextLength, vocabSize, transformerWidth, textHeads, transformerLayers, mlpRatio, layerNormEps, quickGelu);
    }

    /** A named preset: {@code tiny} (the shared test fixture's shape), {@code ViT-B/32}, {@code ViT-B/16}, {@code ViT-L/14}. */
    public static ClipGeometry preset(String name) {
        switch (name.toUpperCase(Locale.ROOT).replace('-', '/').replace('_', '/')) {
            case "TINY":
                return new ClipGeometry(64, 224, 2, 128, 32, 2, 77, 49408, 128, 2, 2, 4, 1e-5, true);
            case "VIT/B/32":
                return new ClipGeometry(512, 224, 12, 768, 32, 12, 77, 49408, 512, 8, 12, 4, 1e-5, true);
            case "VIT/B/16":
                return new ClipGeometry(512, 224, 12, 768, 16, 12, 77, 49408, 512, 8, 12, 4, 1e-5, true);
            case "VIT/L/14":
                return new ClipGeometry(768, 224, 24, 1024, 14, 16, 77, 49408, 768, 12, 12, 4, 1e-5, true);
            default:
                throw new IllegalArgumentException("unknown CLIP preset '" + name + "'; known: tiny, ViT-B/32, ViT-B/16, ViT-L/14");
        }
    }

    /**
     * Infers the geometry from an OpenAI-named state dict the way OpenAI's {@code build_model} does: heads are
     * width / 64 (use {@link #withHeads} when a checkpoint differs). ResNet image towers are rejected.
     */
    public static ClipGeometry fromStateDict(Map<String, TensorData> sd) {
        return fromStateDict(sd, null);
    }

    /** As {@link #fromStateDict(Map)}; {@code source} names the file in error messages (may be null). */
    public static ClipGeometry fromStateDict(Map<String, TensorData> sd, Path source) {
        Path src = source != null ? source : Path.of("state_dict");
        if (!sd.containsKey("visual.proj")) {
            boolean resnet = sd.keySet().stream().anyMatch(k -> k.startsWith("visual.layer1.") || k.startsWith("visual.attnpool."));
            throw new CheckpointFormatException(src, resnet
                    ? "this is a ModifiedResNet (RN50/RN101/RN50x4...) CLIP checkpoint; only ViT image towers are supported"
                    : "no 'visual.proj' tensor: not an OpenAI-named CLIP ViT state dict (keys start with "
                            + sd.keySet().stream().limit(5).toList() + "...)");
        }
        long[] conv1 = shape(sd, "visual.conv1.weight", 4, src);
        long[] visPos = shape(sd, "visual.positional_embedding", 2, src);
        long[] textProj = shape(sd, "text_projection", 2, src);
        long[] pos = shape(sd, "positional_embedding", 2, src);
        long[] tok = shape(sd, "token_embedding.weight", 2, src);
        long[] lnFinal = shape(sd, "ln_final.weight", 1, src);
        int visionWidth = (int) conv1[0];
        int patch = (int) conv1[conv1.length - 1];
        if (conv1[2] != conv1[3]) {
            throw new CheckpointFormatException(src, "visual.conv1.weight " + Arrays.toString(conv1) + " has non-square patches");
        }
        int grid = (int) Math.round(Math.sqrt(visPos[0] - 1));
        if ((long) grid * grid + 1 != visPos[0]) {
            throw new CheckpointFormatException(src, "visual.positional_embedding " + Arrays.toString(visPos)
                    + " is not 1 + a square number of patches");
        }
        int width = (int) lnFinal[0];
        int visionLayers = countLayers(sd, "visual.transformer.resblocks.");
        int textLayers = countLayers(sd, "transformer.resblocks.");
        if (visionLayers == 0 || textLayers == 0) {
            throw new CheckpointFormatException(src, "no residual blocks found (visual: " + visionLayers + ", text: "
                    + textLayers + ")");
        }
        long[] cfc = shape(sd, "transformer.resblocks.0.mlp.c_fc.weight", 2, src);
        int ratio = (int) (cfc[0] / width);
        if ((long) ratio * width != cfc[0]) {
            throw new CheckpointFormatException(src, "transformer.resblocks.0.mlp.c_fc.weight " + Arrays.toString(cfc)
                    + " is not a whole multiple of the text width " + width);
        }
        return new ClipGeometry((int) textProj[1], patch * grid, visionLayers, visionWidth, patch,
                Math.max(1, visionWidth / HEAD_WIDTH), (int) pos[0], (int) tok[0], width, Math.max(1, width / HEAD_WIDTH),
                textLayers, ratio, 1e-5, true);
    }

    private static long[] shape(Map<String, TensorData> sd, String key, int rank, Path src) {
        TensorData t = sd.get(key);
        if (t == null) {
            throw new CheckpointFormatException(src, "missing tensor '" + key + "' needed to infer the CLIP geometry");
        }
        long[] s = t.shape();
        if (s.length != rank) {
            throw new CheckpointFormatException(src, "tensor '" + key + "' has shape " + Arrays.toString(s) + ", expected rank "
                    + rank);
        }
        return s;
    }

    private static int countLayers(Map<String, TensorData> sd, String prefix) {
        Pattern p = Pattern.compile("^" + Pattern.quote(prefix) + "(\\d+)\\.");
        int max = -1;
        for (String k : sd.keySet()) {
            Matcher m = p.matcher(k);
            if (m.find()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    /**
     * Reads a Hugging Face {@code CLIPModel} {@code config.json} (already parsed). Missing keys take the
     * defaults of transformers' CLIP config classes, since {@code save_pretrained} omits default values.
     */
    @SuppressWarnings("unchecked")
    public static ClipGeometry fromHuggingFaceConfig(Map<String, Object> config) {
        Map<String, Object> text = (Map<String, Object>) config.getOrDefault("text_config", Map.of());
        Map<String, Object> vision = (Map<String, Object>) config.getOrDefault("vision_config", Map.of());
        Object type = config.get("model_type");
        if (type != null && !"clip".equals(type)) {
            throw new IllegalArgumentException("config.json model_type is '" + type + "', expected 'clip'");
        }
        int projection = num(config, "projection_dim", num(text, "projection_dim", 512));
        int tw = num(text, "hidden_size", 512);
        int vw = num(vision, "hidden_size", 768);
        int tInter = num(text, "intermediate_size", 2048);
        int vInter = num(vision, "intermediate_size", 3072);
        if (tInter % tw != 0 || vInter % vw != 0 || tInter / tw != vInter / vw) {
            throw new IllegalArgumentException("intermediate_size " + tInter + " / " + vInter + " is not the same whole multiple"
                    + " of hidden_size " + tw + " / " + vw + " in text and vision configs");
        }
        String tAct = String.valueOf(text.getOrDefault("hidden_act", "quick_gelu"));
        String vAct = String.valueOf(vision.getOrDefault("hidden_act", "quick_gelu"));
        if (!tAct.equals(vAct) || !(tAct.equals("quick_gelu") || tAct.equals("gelu"))) {
            throw new IllegalArgumentException("unsupported hidden_act text='" + tAct + "' vision='" + vAct
                    + "' (quick_gelu or gelu, the same in both towers)");
        }
        double eps = dbl(text, "layer_norm_eps", 1e-5);
        if (eps != dbl(vision, "layer_norm_eps", 1e-5)) {
            throw new IllegalArgumentException("text and vision layer_norm_eps differ");
        }
        return new ClipGeometry(projection, num(vision, "image_size", 224), num(vision, "num_hidden_layers", 12), vw,
                num(vision, "patch_size", 32), num(vision, "num_attention_heads", 12),
                num(text, "max_position_embeddings", 77), num(text, "vocab_size", 49408), tw,
                num(text, "num_attention_heads", 8), num(text, "num_hidden_layers", 12), tInter / tw, eps,
                tAct.equals("quick_gelu"));
    }

    private static int num(Map<String, Object> m, String key, int dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
            throw new IllegalArgumentException("config.json: '" + key + "' should be an integer, got " + v);
        }
        // no silent wrap-around: 10^12 must not become -727379968
        double d = ((Number) v).doubleValue();
        if (v instanceof Long ? (Long) v > Integer.MAX_VALUE || (Long) v < Integer.MIN_VALUE
                : d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("config.json: '" + key + "' is " + v + ", beyond the largest supported "
                    + "value " + Integer.MAX_VALUE);
        }
        return ((Number) v).intValue();
    }

    private static double dbl(Map<String, Object> m, String key, double dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("config.json: '" + key + "' should be a number, got " + v);
        }
        return ((Number) v).doubleValue();
    }
}
