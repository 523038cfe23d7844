package dev.actionclip.model;

import dev.actionclip.clip.ClipModel;
import dev.actionclip.formats.CheckpointFormatException;
import dev.actionclip.prompts.ClipTokenizer;
import dev.actionclip.temporal.FusionHead;
import dev.actionclip.temporal.FusionHeads;
import dev.actionclip.torch.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Builds an {@link ActionClipModel} from any checkpoint {@link ModelWeights} understands. */
public final class ModelLoader {
    private ModelLoader() {
    }

    public static ActionClipModel load(Path path, ModelOptions opts) {
        Torch.init(opts.threads());
        ModelWeights w = ModelWeights.read(path);
        String kind = chooseFusion(w, opts.fusion());
        Device device = Torch.device(opts.device());
        ScalarType dtype = opts.precision().scalarType();
        ClipModel clip = ClipModel.fromStateDict(w.clip(), w.geometry(), path);
        FusionHead head;
        try {
            head = fusionHead(w, kind);
        } catch (RuntimeException e) {
            clip.close();
            throw e;
        }
        if (!isCpuFloat(device, dtype)) {
            clip.to(device, dtype);
            head.module().to(device, dtype, false);
        }
        String desc = w.format() + " " + path + ", fusion " + kind;
        return new ActionClipModel(clip, head, () -> tokenizer(w, path, opts.vocab()), desc);
    }

    private static boolean isCpuFloat(Device d, ScalarType t) {
        return d.is_cpu() && t.intern() == ScalarType.Float;
    }

    /** The checkpoint's own head unless the user asks for another; asking for a trained head the file lacks fails. */
    static String chooseFusion(ModelWeights w, String requested) {
        if (requested == null || requested.isBlank()) {
            return w.fusionKind() != null ? w.fusionKind() : FusionHeads.MEAN_P;
        }
        String kind = FusionHeads.kind(requested);
        if (!kind.equals(FusionHeads.MEAN_P) && !kind.equals(w.fusionKind())) {
            throw new CheckpointFormatException(w.source(), "--fusion " + kind + " needs trained " + kind
                    + " weights, but this checkpoint has " + (w.fusionKind() == null ? "no fusion head" : w.fusionKind())
                    + " (use meanP for a plain CLIP checkpoint)");
        }
        return kind;
    }

    private static FusionHead fusionHead(ModelWeights w, String kind) {
        if (kind.equals(FusionHeads.MEAN_P)) {
            return FusionHeads.create(FusionHeads.MEAN_P, w.geometry().embedDim(), 0, 0, 1);
        }
        int heads = w.extras().fusionHeadsOr(FusionHeads.defaultHeads(kind, w.geometry().transformerWidth()));
        return FusionHeads.fromStateDict(kind, w.fusion(), heads);
    }

    /**
     * The tokenizer of {@code w}: {@code vocab} when given, else the one its checkpoint records, else
     * {@link ClipTokenizer#find found} ($ACTIONCLIP_VOCAB, the model's folder, else the vocabulary bundled with
     * prompts). Its size must match the model's token embedding.
     */
    public static ClipTokenizer tokenizer(ModelWeights w, Path modelPath, Path vocab) {
        String spec = w.extras().tokenizer();
        try {
            if (vocab == null && w.extras().bytesTokenizer()) {
                return ClipTokenizer.bytesOnly();
            }
            ClipTokenizer t;
            if (vocab == null && spec != null) {
                Path p = Paths.get(spec);
                t = ClipTokenizer.find(modelPath, p.isAbsolute() ? p : w.source().resolve(p));
            } else {
                t = ClipTokenizer.find(modelPath, vocab);
            }
            checkSize(t, w, modelPath);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static void checkSize(ClipTokenizer t, ModelWeights w, Path modelPath) {
        int expected = w.geometry().vocabSize();
        if (t.vocabSize() == expected) {
            return;
        }
        if (t.isBundled()) {
            throw new CheckpointFormatException(modelPath, "the " + t.description() + " (CLIP's vocabulary, the "
                    + "default when there is no --vocab, no $ACTIONCLIP_VOCAB and no vocab.json + merges.txt or "
                    + "bpe_simple_vocab_16e6.txt.gz beside the model) has " + t.vocabSize() + " tokens but the model's "
                    + "token_embedding has " + expected + ": the model was trained with another vocabulary; pass it "
                    + "with --vocab <file or folder> or $ACTIONCLIP_VOCAB");
        }
        throw new CheckpointFormatException(modelPath, "vocabulary " + t.description() + " has " + t.vocabSize()
                + " tokens but the model's token_embedding has " + expected);
    }
}
