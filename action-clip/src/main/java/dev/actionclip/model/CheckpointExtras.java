package dev.actionclip.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trained checkpoint records besides its tensors, because the weights cannot tell it: the tokenizer
 * ({@code "bytes"} or a vocabulary path) and the head counts of the towers and the fusion head. It is written under
 * {@code "extra"} in {@code checkpoint.json}; this is the one place that reads and writes those entries.
 *
 * @param tokenizer   {@code "bytes"}, a vocabulary path (relative to the checkpoint folder or absolute), or null
 * @param fusionHeads attention heads of a Transf/Transf_cls fusion head, or null when not recorded
 * @param visionHeads attention heads of the image tower, or null
 * @param textHeads   attention heads of the text tower, or null
 */
public record CheckpointExtras(String tokenizer, Integer fusionHeads, Integer visionHeads, Integer textHeads) {
    public static final CheckpointExtras NONE = new CheckpointExtras(null, null, null, null);
    /** The tokenizer value of a model trained with the byte-level tokenizer (no vocabulary file). */
    public static final String BYTES = "bytes";

    static final String KEY = "extra";
    private static final String TOKENIZER = "tokenizer";
    private static final String FUSION_HEADS = "fusion_heads";
    private static final String VISION_HEADS = "vision_heads";
    private static final String TEXT_HEADS = "text_heads";

    /**
     * The entries of a checkpoint's JSON: those under {@code "extra"} when it is an object, else the top level.
     * Values of the wrong type count as absent (the loader then falls back to its defaults).
     */
    @SuppressWarnings("unchecked")
    public static CheckpointExtras of(Map<String, Object> checkpointJson) {
        if (checkpointJson == null) {
            return NONE;
        }
        Object nested = checkpointJson.get(KEY);
        Map<String, Object> m = nested instanceof Map ? (Map<String, Object>) nested : checkpointJson;
        Object tok = m.get(TOKENIZER);
        return new CheckpointExtras(tok instanceof String s && !s.isBlank() ? s : null, integer(m.get(FUSION_HEADS)),
                integer(m.get(VISION_HEADS)), integer(m.get(TEXT_HEADS)));
    }

    private static Integer integer(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return null;
    }

    public boolean bytesTokenizer() {
        return BYTES.equals(tokenizer);
    }

    public int fusionHeadsOr(int fallback) {
        return fusionHeads != null ? fusionHeads : fallback;
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
        return m;
    }
}
