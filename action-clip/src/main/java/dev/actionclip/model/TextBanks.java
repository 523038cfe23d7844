package dev.actionclip.model;

import dev.actionclip.prompts.Templates;
import dev.actionclip.zeroshot.Fingerprint;
import dev.actionclip.zeroshot.TextBank;
import dev.actionclip.zeroshot.TextEmbeddingCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Builds the text side of zero-shot scoring, through the on-disk cache when one is given. */
public final class TextBanks {
    private TextBanks() {
    }

    /**
     * Embeds every (template, label) prompt, template-major as ActionCLIP's test does.
     *
     * @param modelPath the checkpoint the model came from (its content hash keys the cache); null = no cache
     * @param cache     null to skip the cache
     */
    public static TextBank build(ActionClipModel model, Path modelPath, List<String> labels, Templates templates,
                                 TextEmbeddingCache cache) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels to score against");
        }
        List<String> prompts = templates.applyAll(labels);
        if (cache == null || modelPath == null) {
            return new TextBank(labels, templates.size(), model.embedDim(), model.embedTexts(prompts, true));
        }
        String key;
        try {
            key = TextEmbeddingCache.key(Fingerprint.ofPath(modelPath), model.tokenizer().description(),
                    templates.templates(), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + modelPath + ": " + e.getMessage(), e);
        }
        return cache.getOrCompute(key, labels, templates.size(),
                () -> new TextBank(labels, templates.size(), model.embedDim(), model.embedTexts(prompts, true)));
    }
}
