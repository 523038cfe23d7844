package dev.actionclip.model;

import dev.actionclip.formats.TensorData;
import dev.actionclip.temporal.FusionHeads;
import java.util.Map;

/** Recognises which of ActionCLIP's fusion heads a state dict belongs to. */
public final class FusionKinds {
    private FusionKinds() {
    }

    /** The head whose parameters these are; null for an empty dict. meanP has only position embeddings. */
    public static String detect(Map<String, TensorData> fusion) {
        if (fusion.isEmpty()) {
            return null;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("transformer.cls_token")
                || k.startsWith("transformer.transformer_enc."))) {
            return FusionHeads.TRANSF_CLS;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("transformer.resblocks."))) {
            return FusionHeads.TRANSF;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("lstm_visual."))) {
            return FusionHeads.LSTM;
        }
        if (fusion.containsKey("shift.weight")) {
            return FusionHeads.CONV_1D;
        }
        return FusionHeads.MEAN_P;
    }
}
