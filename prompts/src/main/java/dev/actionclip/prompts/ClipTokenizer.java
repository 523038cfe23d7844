package dev.actionclip.prompts;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * CLIP's byte-level BPE tokenizer, matching OpenAI's {@code simple_tokenizer.py} id for id: cleaned,
 * lower-cased text is split into words, each word's UTF-8 bytes become byte symbols (the last one marked
 * {@code </w>}), and ranked merges are applied lowest rank first. Word results are kept in a bounded,
 * thread-safe cache; instances are safe to share between threads.
 */
public final class ClipTokenizer {
    /** Distinct words remembered; CLIP's own cache is unbounded, this keeps long-running servers flat. */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    private final Vocabulary vocab;
    private final String description;
    private final boolean bundled;
    private final Cache<String, int[]> cache;

    private ClipTokenizer(Vocabulary vocab, String description, int cacheSize) {
        this(vocab, description, cacheSize, false);
    }

    private ClipTokenizer(Vocabulary vocab, String description, int cacheSize, boolean bundled) {
        this.vocab = vocab;
        this.description = description;
        this.bundled = bundled;
        this.cache = CacheBuilder.newBuilder().maximumSize(cacheSize).build();
    }

    /** OpenAI's merges file ({@code bpe_simple_vocab_16e6.txt.gz}), the vocabulary of every public CLIP. */
    public static ClipTokenizer fromOpenAiGzip(Path file) throws IOException {
        return new ClipTokenizer(Vocabulary.fromOpenAiGzip(file), file.toString(), DEFAULT_CACHE_SIZE);
    }

    /** A Hugging Face folder with {@code vocab.json} and {@code merges.txt}. */
    public static ClipTokenizer fromHuggingFace(Path dir) throws IOException {
        return new ClipTokenizer(Vocabulary.fromHuggingFace(dir), dir.toString(), DEFAULT_CACHE_SIZE);
    }

    /**
     * No merges: every UTF-8 byte is a token (ids 0..511, CLIP's byte order, {@code </w>} variants from
     * 256), start-of-text 512, end-of-text 513. For text encoders trained from scratch without a download.
     */
    public static ClipTokenizer bytesOnly() {
        return new ClipTokenizer(Vocabulary.bytesOnly(), "byte-level (no merges)", DEFAULT_CACHE_SIZE);
    }

    /**
     * CLIP's own vocabulary, bundled in this jar (OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}, MIT licence, 49,408
     * tokens): the one every public CLIP checkpoint uses. Parsed once per JVM on first use, then shared; each call
     * returns a tokenizer with its own word cache. {@link #description()} is {@code "bundled
     * bpe_simple_vocab_16e6.txt.gz"}.
     */
    public static ClipTokenizer bundled() {
        return new ClipTokenizer(BundledVocabulary.get(), BundledVocabulary.DESCRIPTION, DEFAULT_CACHE_SIZE, true);
    }

    /**
     * Finds the vocabulary for a model, first match wins: {@code vocabOverride} when given; else environment variable
     * {@code ACTIONCLIP_VOCAB}; else the model's folder ({@code vocab.json} + {@code merges.txt}, as Hugging Face
     * folders ship them, or {@code bpe_simple_vocab_16e6.txt.gz}); else the {@link #bundled()} copy of CLIP's. Either
     * path may be null. Callers that know the model's vocabulary size should check {@link #vocabSize()} against it:
     * the bundled vocabulary fits every CLIP checkpoint, not models trained with another one.
     *
     * @throws IllegalArgumentException when an explicit vocabulary (argument or environment) does not exist or holds
     *                                  none, listing every place looked at
     */
    public static ClipTokenizer find(Path modelPath, Path vocabOverride) throws IOException {
        return VocabularyLocator.find(modelPath, vocabOverride, System.getenv(VocabularyLocator.ENV));
    }

    /** Package-private hook for {@link VocabularyLocator}. */
    static ClipTokenizer of(Vocabulary vocab, String description) {
        return new ClipTokenizer(vocab, description, DEFAULT_CACHE_SIZE);
    }

    public int sot() {
        return vocab.sot();
    }

    public int eot() {
        return vocab.eot();
    }

    public int vocabSize() {
        return vocab.size();
    }

    /**
     * Where the vocabulary came from, for logs and error messages: the file or folder it was read from, {@code
     * "bundled bpe_simple_vocab_16e6.txt.gz"} or {@code "byte-level (no merges)"}.
     */
    public String description() {
        return description;
    }

    /** Whether this is {@link #bundled() the vocabulary bundled in this jar} (no file named or found). */
    public boolean isBundled() {
        return bundled;
    }

    /** Forgets cached words (for cold-cache measurements). */
    public void clearCache() {
        cache.invalidateAll();
    }

    /** BPE ids of {@code text}, without start/end tokens. */
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        for (String word : PreTokenizer.split(TextCleaner.clean(text))) {
            out.addAll(word(word));
        }
        return out.toArray();
    }

    private int[] word(String word) {
        int[] ids = cache.getIfPresent(word);
        if (ids == null) {
            ids = bpe(word);
            cache.put(word, ids);
        }
        return ids;
    }

    /** Applies the merges to one pre-token; the special tokens map straight to their ids, as in CLIP. */
    private int[] bpe(String word) {
        if (word.equals(PreTokenizer.SOT_TEXT)) {
            return new int[] {vocab.sot()};
        }
        if (word.equals(PreTokenizer.EOT_TEXT)) {
            return new int[] {vocab.eot()};
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] sym = new int[n];
        for (int k = 0; k < n - 1; k++) {
            sym[k] = vocab.byteId(bytes[k] & 0xFF);
        }
        sym[n - 1] = vocab.byteEndId(bytes[n - 1] & 0xFF);
        if (n > LongWordBpe.MIN_LENGTH) { // the scan below is quadratic in the word's length
            return LongWordBpe.merge(vocab, sym, n);
        }
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            for (int k = 0; k + 1 < n; k++) {
                int r = vocab.rank(sym[k], sym[k + 1]);
                if (r >= 0 && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            // Merge every occurrence of the best pair, scanning left to right.
            int out = 0;
            int k = 0;
            int a = vocab.mergeLeft(best);
            int b = vocab.mergeRight(best);
            int merged = vocab.mergeResult(best);
            while (k < n) {
                if (k + 1 < n && sym[k] == a && sym[k + 1] == b) {
                    sym[out++] = merged;
                    k += 2;
                } else {
                    sym[out++] = sym[k++];
                }
            }
            n = out;
        }
        return java.util.Arrays.copyOf(sym, n);
    }

    /**
     * Text of {@code ids}, as CLIP decodes: token strings joined, byte symbols turned back into UTF-8
     * (malformed sequences become U+FFFD), every {@code </w>} a space. Unknown ids are an error.
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            String t = vocab.token(id);
            if (t == null) {
                throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (size "
                        + vocab.size() + ")");
            }
            ByteEncoder.appendBytes(t, bytes);
        }
        return ByteEncoder.decodeUtf8(bytes.toByteArray()).replace(Vocabulary.END_OF_WORD, " ");
    }

    /**
     * CLIP's {@code tokenize}: one row per text, start token, ids, end token, zero padding to
     * {@code contextLength}. Text that does not fit throws unless {@code truncate}, which cuts it and keeps
     * the end token last.
     */
    public long[][] tokenize(List<String> texts, int contextLength, boolean truncate) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        long[][] out = new long[texts.size()][contextLength];
        for (int t = 0; t < texts.size(); t++) {
            int[] ids = encode(texts.get(t));
            long[] row = out[t];
            int n = ids.length + 2;
            if (n > contextLength && !truncate) {
                throw new IllegalArgumentException("text " + (t + 1) + " \"" + texts.get(t) + "\" is too long for"
                        + " context length " + contextLength + " (" + n + " tokens with start/end)");
            }
            row[0] = vocab.sot();
            int keep = Math.min(ids.length, contextLength - 2);
            for (int k = 0; k < keep; k++) {
                row[k + 1] = ids[k];
            }
            row[keep + 1] = vocab.eot();
        }
        return out;
    }

    /** {@link #tokenize(List, int, boolean)} for one text. */
    public long[] tokenize(String text, int contextLength, boolean truncate) {
        return tokenize(List.of(text), contextLength, truncate)[0];
    }

    @Override
    public String toString() {
        return "ClipTokenizer[" + description + ", " + vocab.size() + " tokens]";
    }
}
