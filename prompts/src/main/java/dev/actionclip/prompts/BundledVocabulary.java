package dev.actionclip.prompts;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * OpenAI CLIP's {@code bpe_simple_vocab_16e6.txt.gz}, bundled in this jar as a resource (MIT; its licence is beside
 * it as {@code LICENSE-openai-clip.txt}): the vocabulary of every public CLIP checkpoint, used when none is named
 * or found beside the model. Parsed once per JVM, on first use (about a second), and shared: a {@link Vocabulary}
 * is immutable.
 */
final class BundledVocabulary {
    /** Resource name, relative to this package. */
    static final String RESOURCE = VocabularyLocator.OPENAI_FILE;
    /** What {@link ClipTokenizer#description()} says of it. */
    static final String DESCRIPTION = "bundled " + VocabularyLocator.OPENAI_FILE;

    /** Memoised only on success: a failed load is retried (and reported) on the next call. */
    private static final Supplier<Vocabulary> VOCABULARY = Suppliers.memoize(BundledVocabulary::load);

    private BundledVocabulary() {
    }

    static Vocabulary get() {
        return VOCABULARY.get();
    }

    private static Vocabulary load() {
        try (InputStream in = BundledVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled CLIP vocabulary is missing from the class path (resource "
                        + "dev/actionclip/prompts/" + RESOURCE + " of the prompts jar; a repackaged jar lost it): pass "
                        + "--vocab or set " + VocabularyLocator.ENV);
            }
            return Vocabulary.fromOpenAiGzip(in, DESCRIPTION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + DESCRIPTION + ": " + e.getMessage(), e);
        }
    }
}
