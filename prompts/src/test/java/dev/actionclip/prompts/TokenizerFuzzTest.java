package dev.actionclip.prompts;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import dev.actionclip.testsupport.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes CLIP's tokenizer on arbitrary Unicode: clean-up (NFC, quotes, ligatures, HTML entities), pre-tokenising
 * and BPE with CLIP's 49,408-token vocabulary (the shared {@code bpe_simple_vocab_16e6.txt.gz}; the byte-level
 * vocabulary when that file is absent). Each input is read twice: as UTF-8 and as raw UTF-16 code units (lone
 * surrogates included). Nothing may throw but the documented "too long" of {@code tokenize(..., false)}; ids
 * are in the vocabulary, rows are start, ids, end, padding. Seeds: {@code TokenizerFuzzTestInputs/encode/}.
 */
class TokenizerFuzzTest {
    private static ClipTokenizer tokenizer;

    private static synchronized ClipTokenizer tokenizer() {
        if (tokenizer == null) {
            Path vocab = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
            try {
                tokenizer = Files.isRegularFile(vocab) ? ClipTokenizer.fromOpenAiGzip(vocab) : ClipTokenizer.bytesOnly();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    @FuzzTest(maxDuration = "10m")
    void encode(byte[] input) {
        ClipTokenizer t = tokenizer();
        char[] units = new char[input.length / 2];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) ((input[2 * i] & 0xff) | (input[2 * i + 1] & 0xff) << 8);
        }
        for (String text : List.of(new String(input, StandardCharsets.UTF_8), new String(units))) {
            Hostile.check("ClipTokenizer", input.length, () -> {
                int[] ids = t.encode(text);
                for (int id : ids) {
                    if (id < 0 || id >= t.vocabSize()) {
                        throw new AssertionError("id " + id + " outside the vocabulary of " + t.vocabSize());
                    }
                }
                t.decode(ids);
                long[] row = t.tokenize(text, 77, true);
                int end = Math.min(ids.length, 75) + 1;
                if (row.length != 77 || row[0] != t.sot() || row[end] != t.eot()) {
                    throw new AssertionError("bad row for " + ids.length + " ids: " + java.util.Arrays.toString(row));
                }
            });
            Hostile.check("ClipTokenizer.tokenize(no truncation)", input.length, () -> t.tokenize(text, 77, false),
                    IllegalArgumentException.class);
        }
    }
}
