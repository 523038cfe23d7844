package dev.actionclip.train;

import dev.actionclip.torch.Tensors;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/**
 * A {@link TextSide} over prompts tokenized once up front: row {@code template × classes + class} holds the token ids
 * of that template filled with that class name (ActionCLIP's {@code text_aug} × {@code classes} table).
 */
public final class TokenTable implements TextSide {
    private final int templates;
    private final int classes;
    private final int length;
    private final long[] ids;

    /**
     * @param ids row-major [templates × classes, length] token ids, rows ordered template-major
     */
    public TokenTable(int templates, int classes, int length, long[] ids) {
        if (templates < 1 || classes < 1 || length < 1 || ids.length != (long) templates * classes * length) {
            throw new IllegalArgumentException("token table of " + ids.length + " ids does not fit " + templates
                    + " templates x " + classes + " classes x " + length + " tokens");
        }
        this.templates = templates;
        this.classes = classes;
        this.length = length;
        this.ids = ids;
    }

    /**
     * Fills every template with every class name and tokenizes the prompts.
     *
     * @param prompt    (template index, class index) → prompt text, e.g. "a video of a person {}." filled in
     * @param tokenizer prompt → token ids, all of the same (padded) length
     */
    public static TokenTable build(int templates, List<String> classNames,
                                   java.util.function.BiFunction<Integer, String, String> prompt,
                                   Function<String, long[]> tokenizer) {
        int classes = classNames.size();
        long[] all = null;
        int length = -1;
        for (int t = 0; t < templates; t++) {
            for (int c = 0; c < classes; c++) {
                String text = prompt.apply(t, classNames.get(c));
                long[] row = tokenizer.apply(text);
                if (length < 0) {
                    length = row.length;
                    all = new long[templates * classes * length];
                } else if (row.length != length) {
                    throw new IllegalArgumentException("prompt '" + text + "' has " + row.length
                            + " tokens, the others " + length + ": the tokenizer must pad to one length");
                }
                System.arraycopy(row, 0, all, (t * classes + c) * length, length);
            }
        }
        return new TokenTable(templates, classes, length, all);
    }

    @Override
    public int templateCount() {
        return templates;
    }

    @Override
    public int classCount() {
        return classes;
    }

    @Override
    public Tensor tokens(int[] templateIds, long[] labels) {
        if (templateIds.length != labels.length) {
            throw new IllegalArgumentException(templateIds.length + " templates for " + labels.length + " labels");
        }
        long[] out = new long[labels.length * length];
        for (int i = 0; i < labels.length; i++) {
            int t = templateIds[i];
            long c = labels[i];
            if (t < 0 || t >= templates || c < 0 || c >= classes) {
                throw new IllegalArgumentException("sample " + i + ": template " + t + " / class " + c
                        + " outside the table of " + templates + " templates x " + classes + " classes");
            }
            System.arraycopy(ids, (int) ((t * (long) classes + c) * length), out, i * length, length);
        }
        return Tensors.of(out, labels.length, length);
    }
}
