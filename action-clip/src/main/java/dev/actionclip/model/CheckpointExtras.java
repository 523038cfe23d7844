package dev.actionclip.model;

import dev.actionclip.formats.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a trained checkpoint records besides its tensors, because the weights cannot tell it: the tokenizer
 * ({@code "bytes"} or a vocabulary path), the head counts of the towers and the fusion head, and how the training
 * clips were made (frames per clip, input size, frame sampling) so that inference can default to the same. It is
 * written under {@code "extra"} in {@code checkpoint.json}; this is the one place that reads and writes those entries.
 *
 * @param tokenizer   {@code "bytes"}, a vocabulary path (relative to the checkpoint folder or absolute), or null
 * @param fusionHeads attention heads of a Transf/Transf_cls fusion head, or null when not recorded
 * @param visionHeads attention heads of the image tower, or null
 * @param textHeads   attention heads of the text tower, or null
 * @param frames      frames per training clip, or null
 * @param resolution  input side in pixels the model was trained at, or null
 * @param sampling    frame sampling of the training clips ({@code "tsn"}: one frame per equal segment), or null
 */
public record CheckpointExtras(String tokenizer, Integer fusionHeads, Integer visionHeads, Integer textHeads,
                               Integer frames, Integer resolution, String sampling) {
    public static final CheckpointExtras NONE = new CheckpointExtras(null, null, null, null);
    /** The tokenizer value of a model trained with the byte-level tokenizer (no vocabulary file). */
    public static final String BYTES = "bytes";
    /** TSN sampling: the clip is cut into T equal segments and one frame taken from each. */
    public static final String TSN = "tsn";

    static final String KEY = "extra";
    private static final String TOKENIZER = "tokenizer";
    private static final String FUSION_HEADS = "fusion_heads";
    private static final String VISION_HEADS = "vision_heads";
    private static final String TEXT_HEADS = "text_heads";
    private static final String FRAMES = "frames";
    private static final String RESOLUTION = "resolution";
    private static final String SAMPLING = "sampling";

    /** Without the training-clip entries (checkpoints that predate them). */
    public CheckpointExtras(String tokenizer, Integer fusionHeads, Integer visionHeads, Integer textHeads) {
        this(tokenizer, fusionHeads, visionHeads, textHeads, null, null, null);
    }

    /**
     * The entries of a checkpoint's JSON: those under {@code "extra"} when it is an object, else the top level.
     * Values of the wrong type count as absent (the loader then falls back to its defaults). A checkpoint written
     * before the frame count was recorded here still has it in its training {@code "config"}: that one is used.
     */
    @SuppressWarnings("unchecked")
    public static CheckpointExtras of(Map<String, Object> checkpointJson) {
        if (checkpointJson == null) {
            return NONE;
        }
        Object nested = checkpointJson.get(KEY);
        Map<String, Object> m = nested instanceof Map ? (Map<String, Object>) nested : checkpointJson;
        Object tok = m.get(TOKENIZER);
        Integer frames = positive(m.get(FRAMES));
        if (frames == null && checkpointJson.get("config") instanceof Map<?, ?> cfg) {
            frames = positive(cfg.get(FRAMES));
        }
        Object sampling = m.get(SAMPLING);
        return new CheckpointExtras(tok instanceof String s && !s.isBlank() ? s : null, integer(m.get(FUSION_HEADS)),
                integer(m.get(VISION_HEADS)), integer(m.get(TEXT_HEADS)), frames, positive(m.get(RESOLUTION)),
                sampling instanceof String s && !s.isBlank() ? s : null);
    }

    /**
     * The extras of the model at {@code modelPath} without reading its weights: a trained checkpoint folder (with
     * {@code checkpoint.json}) or a training run folder (its {@code checkpoint/}); {@link #NONE} for anything else
     * (other formats record none of this) and for an unreadable JSON (loading the model reports that).
     */
    public static CheckpointExtras forModel(Path modelPath) {
        if (modelPath == null || !Files.isDirectory(modelPath)) {
            return NONE;
        }
        Path json = modelPath.resolve(ModelWeights.CHECKPOINT_JSON);
        if (!Files.isRegularFile(json)) {
            json = modelPath.resolve(ModelWeights.RUN_CHECKPOINT).resolve(ModelWeights.CHECKPOINT_JSON);
        }
        if (!Files.isRegularFile(json)) {
            return NONE;
        }
        try {
            return of(Json.parseObject(Files.readString(json)));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static Integer integer(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return null;
    }

    private static Integer positive(Object v) {
        Integer i = integer(v);
        return i != null && i > 0 ? i : null;
    }

    /** These extras plus how the training clips were made. */
    public CheckpointExtras withTraining(int frames, int resolution, String sampling) {
        return new CheckpointExtras(tokenizer, fusionHeads, visionHeads, textHeads, frames, resolution, sampling);
    }

    public boolean bytesTokenizer() {
        return BYTES.equals(tokenizer);
    }

    public int fusionHeadsOr(int fallback) {
        return fusionHeads != null ? fusionHeads : fallback;
    }

    /** Frames per clip the model was trained with, when the checkpoint says. */
    public OptionalInt trainedFrames() {
        return frames == null ? OptionalInt.empty() : OptionalInt.of(frames);
    }

    /** Input side in pixels the model was trained at, when the checkpoint says. */
    public OptionalInt trainedResolution() {
        return resolution == null ? OptionalInt.empty() : OptionalInt.of(resolution);
    }

    /** Frame sampling of the training clips, when the checkpoint says. */
    public Optional<String> trainedSampling() {
        return Optional.ofNullable(sampling);
    }

    /** The entries to write under {@code "extra"}; absent ones are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (tokenizer != null) {
            m.put(TOKENIZER, tokenizer);
        }
        if (fusionHeads != null) {
            m.put(FUSION_HEADS, fusionHeads);
        }
        if (visionHeads != null) {
            m.put(VISION_HEADS, visionHeads);
        }
        if (textHeads != null) {
            m.put(TEXT_HEADS, textHeads);
        }
        if (frames != null) {
            m.put(FRAMES, frames);
        }
        if (resolution != null) {
            m.put(RESOLUTION, resolution);
        }
        if (sampling != null) {
            m.put(SAMPLING, sampling);
        }
        return m;
    }
}
