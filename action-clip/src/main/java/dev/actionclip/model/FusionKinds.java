package dev.actionclip.model;

import dev.actionclip.formats.TensorData;
import java.util.Map;

/** Names of ActionCLIP's fusion heads (its {@code sim_header} values) and recognising them from weights. */
public final class FusionKinds {
    public static final String MEAN_P = "meanP";
    public static final String CONV_1D = "Conv_1D";
    public static final String LSTM = "LSTM";
    public static final String TRANSF = "Transf";
    public static final String TRANSF_CLS = "Transf_cls";

    private FusionKinds() {
    }

    /** The head whose parameters these are; null for an empty dict. meanP has only position embeddings. */
    public static String detect(Map<String, TensorData> fusion) {
        if (fusion.isEmpty()) {
            return null;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("transformer.cls_token")
                || k.startsWith("transformer.transformer_enc."))) {
            return TRANSF_CLS;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("transformer.resblocks."))) {
            return TRANSF;
        }
        if (fusion.keySet().stream().anyMatch(k -> k.startsWith("lstm_visual."))) {
            return LSTM;
        }
        if (fusion.containsKey("shift.weight")) {
            return CONV_1D;
        }
        return MEAN_P;
    }

    /** Canonical spelling of a user's {@code --fusion} value (case-insensitive; "transf-cls" etc. accepted). */
    public static String parse(String s) {
        String k = s.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        switch (k) {
            case "meanp": case "mean": return MEAN_P;
            case "conv_1d": case "conv1d": return CONV_1D;
            case "lstm": return LSTM;
            case "transf": case "transformer": return TRANSF;
            case "transf_cls": case "transfcls": return TRANSF_CLS;
            default:
                throw new IllegalArgumentException("unknown fusion '" + s + "'; use meanP, Conv_1D, LSTM, Transf or Transf_cls");
        }
    }
}
