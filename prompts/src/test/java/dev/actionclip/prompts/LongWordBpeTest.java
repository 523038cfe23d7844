package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LongWordBpe} gives exactly the ids of CLIP's rescanning loop (kept here as the reference) on long words
 * full of repeats and overlaps, with CLIP's vocabulary and with a small one whose merges are out of training order
 * (a merge of "xx"+"x" ranked before "x"+"x"), and a 1 MB word is tokenized in seconds, not a quarter of an hour.
 */
class LongWordBpeTest {
    /** CLIP's loop as ClipTokenizer runs it on short words. */
    static int[] reference(Vocabulary vocab, int[] sym, int n) {
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

    static int[] symbols(Vocabulary vocab, String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int[] sym = new int[bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            sym[k] = k + 1 < bytes.length ? vocab.byteId(bytes[k] & 0xff) : vocab.byteEndId(bytes[k] & 0xff);
        }
        return sym;
    }

    static void sameAsReference(Vocabulary vocab, String word) {
        int[] sym = symbols(vocab, word);
        assertArrayEquals(reference(vocab, sym.clone(), sym.length), LongWordBpe.merge(vocab, sym.clone(), sym.length),
                word.length() > 80 ? word.substring(0, 80) + "..." : word);
    }

    static List<String> words(long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        String[] alphabets = {"x", "ab", "abc", "abcdefghijklmnopqrstuvwxyz", "th e", "\u00e9\u65e5a"};
        for (String alphabet : alphabets) {
            for (int len : new int[] {1, 2, 3, 5, 65, 100, 257, 1000}) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                out.add(sb.toString().replace(" ", ""));
            }
        }
        out.removeIf(String::isEmpty);
        out.add("x".repeat(1000));
        out.add("ab".repeat(500));
        out.add("pneumonoultramicroscopicsilicovolcanoconiosis".repeat(30));
        return out;
    }

    @Test
    void sameIdsAsClipsLoopWithClipsVocabulary() throws IOException {
        Path gz = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(gz) || SharedFiles.inCi(), "absent: " + gz);
        Vocabulary vocab = Vocabulary.fromOpenAiGzip(gz);
        for (String w : words(1)) {
            sameAsReference(vocab, w);
        }
    }

    @Test
    void sameIdsAsClipsLoopWithMergesOutOfTrainingOrder(@TempDir Path dir) throws IOException {
        // merges: xx+x first (an unusual order a hostile merges.txt may have), then x+x, a+b, ab+ab, b+a, x+x</w>
        String[][] merges = {{"xx", "x"}, {"x", "x"}, {"a", "b"}, {"ab", "ab"}, {"b", "a"}, {"x", "x</w>"},
                {"abab", "ab"}, {"xxx", "xx"}, {"ba", "b</w>"}};
        Map<String, Object> vocab = new LinkedHashMap<>();
        for (int k = 0; k < 256; k++) {
            vocab.put(String.valueOf(ByteEncoder.charOf(ByteEncoder.byteAt(k))), (long) vocab.size());
        }
        for (int k = 0; k < 256; k++) {
            vocab.put(ByteEncoder.charOf(ByteEncoder.byteAt(k)) + "</w>", (long) vocab.size());
        }
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String[] mg : merges) {
            vocab.putIfAbsent(mg[0] + mg[1], (long) vocab.size());
            m.append(mg[0]).append(' ').append(mg[1]).append('\n');
        }
        vocab.put(PreTokenizer.SOT_TEXT, (long) vocab.size());
        vocab.put(PreTokenizer.EOT_TEXT, (long) vocab.size());
        Files.writeString(dir.resolve("vocab.json"), Json.write(vocab));
        Files.writeString(dir.resolve("merges.txt"), m);
        Vocabulary v = Vocabulary.fromHuggingFace(dir);
        for (long seed = 0; seed < 20; seed++) {
            for (String w : words(seed)) {
                sameAsReference(v, w);
            }
        }
    }

    @Test
    void aOneMegabyteWordTakesSecondsNotMinutes() throws IOException {
        Path gz = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(gz) || SharedFiles.inCi(), "absent: " + gz);
        ClipTokenizer t = ClipTokenizer.fromOpenAiGzip(gz);
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1 << 20; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        String word = sb.toString();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> t.tokenize(word, 77, true));
    }
}
