package dev.actionclip.temporal;

import dev.actionclip.formats.TensorData;
import dev.actionclip.torch.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Builds ActionCLIP fusion heads, from a state dict or freshly initialised for training. */
public final class FusionHeads {
    public static final String MEAN_P = "meanP";
    public static final String CONV_1D = "Conv_1D";
    public static final String LSTM = "LSTM";
    public static final String TRANSF = "Transf";
    public static final String TRANSF_CLS = "Transf_cls";
    /** ActionCLIP's names (its {@code sim_header} values). */
    public static final List<String> KINDS = List.of(MEAN_P, CONV_1D, LSTM, TRANSF, TRANSF_CLS);

    /** ActionCLIP's {@code TAggregate} builds its encoder layers with {@code nhead=8}. */
    public static final int TRANSF_CLS_HEADS = 8;
    /** {@code nn.TransformerEncoderLayer}'s default {@code dim_feedforward}, which ActionCLIP keeps. */
    public static final int TRANSF_CLS_FEED_FORWARD = 2048;
    /** ActionCLIP: {@code transformer_heads = transformer_width // 64} of the CLIP text tower. */
    public static final int HEAD_WIDTH = 64;

    private static final String PREFIX = "module.";

    private FusionHeads() {
    }

    /** ActionCLIP's canonical spelling of {@code kind} (matched ignoring case), or an error listing the kinds. */
    public static String kind(String kind) {
        for (String k : KINDS) {
            if (k.equalsIgnoreCase(kind == null ? "" : kind.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fusion head '" + kind + "': expected one of " + KINDS);
    }

    /**
     * The head count ActionCLIP uses: {@code textWidth / 64} for Transf (the width of CLIP's text transformer,
     * e.g. {@code ln_final.weight}'s length), 8 for Transf_cls, 0 (unused) for the others.
     */
    public static int defaultHeads(String kind, long textWidth) {
        switch (kind(kind)) {
            case TRANSF: return Math.toIntExact(Math.max(1, textWidth / HEAD_WIDTH));
            case TRANSF_CLS: return TRANSF_CLS_HEADS;
            default: return 0;
        }
    }

    /**
     * A head with ActionCLIP's training initialisation (float32, CPU).
     *
     * @param width feature width D (CLIP's embed dim)
     * @param heads attention heads (Transf, Transf_cls; see {@link #defaultHeads}); ignored by the others
     * @param layers transformer layers (ActionCLIP: 6); ignored by the others
     * @param maxFrames rows of {@code frame_position_embeddings} (ActionCLIP: the text context length, 77) and,
     *     for Transf_cls, the clip length T its {@code pos_embed} is sized for
     */
    public static FusionHead create(String kind, long width, int heads, int layers, int maxFrames) {
        String k = kind(kind);
        if (!k.equals(MEAN_P) && (width < 1 || maxFrames < 1)) {
            throw new IllegalArgumentException(k + ": width and maxFrames must be positive");
        }
        Init init = Init.actionClip();
        try (org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
            switch (k) {
                case MEAN_P: return new MeanP();
                case CONV_1D: return new Conv1D(width, 3, maxFrames, init);
                case LSTM: return new LstmHead(width, maxFrames, init);
                case TRANSF: return new Transf(width, heads, layers, 4 * width, maxFrames, init);
                case TRANSF_CLS:
                    return new TransfCls(width, heads, layers, TRANSF_CLS_FEED_FORWARD, maxFrames, maxFrames, init);
                default: throw new AssertionError(k);
            }
        }
    }

    /**
     * A head holding the given weights (converted to float32, CPU). Keys may carry DataParallel's
     * {@code module.} prefix, as in ActionCLIP's {@code fusion_model_state_dict}. Widths, layer counts, the
     * feed-forward width and the frame tables come from the tensors.
     *
     * @param heads attention heads (Transf, Transf_cls); {@code <= 0} takes ActionCLIP's 8 for Transf_cls and is
     *     an error for Transf, whose count follows the CLIP text tower (see {@link #defaultHeads})
     * @throws FusionWeightsException naming every missing, unexpected or mis-shaped tensor
     */
    public static FusionHead fromStateDict(String kind, Map<String, TensorData> sd, int heads) {
        String k = kind(kind);
        Map<String, TensorData> w = stripPrefix(sd);
        Loader loader = new Loader(w);
        FusionHead head;
        try (org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
            head = build(k, w, heads, loader);
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : w.keySet()) {
            if (!loader.used.contains(name)) {
                unexpected.add(name);
            }
        }
        if (!loader.missing.isEmpty() || !unexpected.isEmpty() || !loader.misShaped.isEmpty()) {
            head.close();
            throw new FusionWeightsException(k, loader.missing, unexpected, loader.misShaped);
        }
        return head;
    }

    private static FusionHead build(String k, Map<String, TensorData> w, int heads, Loader loader) {
        long frames = dim(w, "frame_position_embeddings.weight", 0, 1);
        switch (k) {
            case MEAN_P:
                return new MeanP();
            case CONV_1D: {
                TensorData s = required(k, w, "shift.weight", 3);
                return new Conv1D(s.shape()[0], s.shape()[2], frames, loader);
            }
            case LSTM:
                return new LstmHead(required(k, w, "lstm_visual.weight_ih_l0", 2).shape()[1], frames, loader);
            case TRANSF: {
                long width = required(k, w, "frame_position_embeddings.weight", 2).shape()[1];
                int layers = count(w, Pattern.compile("^transformer\\.resblocks\\.(\\d+)\\."));
                long hidden = dim(w, "transformer.resblocks.0.mlp.c_fc.weight", 0, 4 * width);
                if (heads <= 0) {
                    throw new IllegalArgumentException("Transf: the number of attention heads is not stored in the "
                            + "weights; pass ActionCLIP's CLIP text width / " + HEAD_WIDTH);
                }
                return new Transf(width, heads, layers, hidden, frames, loader);
            }
            case TRANSF_CLS: {
                long width = required(k, w, "transformer.cls_token", 3).shape()[2];
                long clip = required(k, w, "transformer.pos_embed", 3).shape()[1] - 1;
                int layers = count(w, Pattern.compile("^transformer\\.transformer_enc\\.layers\\.(\\d+)\\."));
                long ff = dim(w, "transformer.transformer_enc.layers.0.linear1.weight", 0, TRANSF_CLS_FEED_FORWARD);
                return new TransfCls(width, heads > 0 ? heads : TRANSF_CLS_HEADS, layers, ff, clip, frames, loader);
            }
            default:
                throw new AssertionError(k);
        }
    }

    static void checkHeads(String kind, long width, int heads) {
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException(kind + ": " + heads + " attention heads do not divide width " + width);
        }
    }

    private static Map<String, TensorData> stripPrefix(Map<String, TensorData> sd) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : sd.entrySet()) {
            String name = e.getKey().startsWith(PREFIX) ? e.getKey().substring(PREFIX.length()) : e.getKey();
            if (out.put(name, e.getValue()) != null) {
                throw new IllegalArgumentException("fusion weights hold both '" + name + "' and '" + PREFIX + name + "'");
            }
        }
        return out;
    }

    private static TensorData required(String kind, Map<String, TensorData> w, String name, int rank) {
        TensorData t = w.get(name);
        if (t == null) {
            throw new FusionWeightsException(kind, List.of(name), List.of(), List.of());
        }
        if (t.shape().length != rank) {
            throw new FusionWeightsException(kind, List.of(), List.of(),
                    List.of(name + ": got " + Arrays.toString(t.shape()) + ", expected rank " + rank));
        }
        return t;
    }

    private static long dim(Map<String, TensorData> w, String name, int axis, long fallback) {
        TensorData t = w.get(name);
        return t != null && t.shape().length > axis ? t.shape()[axis] : fallback;
    }

    /** One more than the largest layer index among the names (gaps then show up as missing tensors). */
    private static int count(Map<String, TensorData> w, Pattern p) {
        int n = 0;
        for (String name : w.keySet()) {
            Matcher m = p.matcher(name);
            if (m.find()) {
                n = Math.max(n, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return n;
    }

    /** Hands out checkpoint tensors, noting what is missing or mis-shaped instead of failing at the first. */
    private static final class Loader implements Init {
        final Map<String, TensorData> w;
        final Set<String> used = new HashSet<>();
        final List<String> missing = new ArrayList<>();
        final List<String> misShaped = new ArrayList<>();

        Loader(Map<String, TensorData> w) {
            this.w = w;
        }

        @Override
        public Tensor make(String name, long[] shape, Kind kind) {
            TensorData t = w.get(name);
            if (t == null) {
                missing.add(name);
                return torch.zeros(shape);
            }
            used.add(name);
            if (!Arrays.equals(t.shape(), shape)) {
                misShaped.add(name + ": got " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
                return torch.zeros(shape);
            }
            return Tensors.fromData(t, ScalarType.Float);
        }
    }
}
