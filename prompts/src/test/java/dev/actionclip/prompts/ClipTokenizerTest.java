package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vocabulary-free behaviour: cleaning, pre-tokenisation, byte-level mode, lookup errors. */
class ClipTokenizerTest {
    private final ClipTokenizer bytes = ClipTokenizer.bytesOnly();

    @Test
    void htmlUnescapeFollowsPython() {
        assertEquals("Fish & chips", HtmlEntities.unescape("Fish &amp; chips"));
        assertEquals("<tag> and &amp;", HtmlEntities.unescape("&lt;tag&gt; and &amp;amp;"));
        assertEquals("' ' ' é €", HtmlEntities.unescape("&#39; &#x27; &apos; &eacute; &#128;"));
        assertEquals("¬it; &nosuch; & &# &#x;", HtmlEntities.unescape("&notit; &nosuch; &amp &# &#x;"));
        assertEquals("\ufffd\ufffd x", HtmlEntities.unescape("&#0;&#x110000; &#1;x"));
        assertEquals("© ©2024 ©", HtmlEntities.unescape("&copy; &copy2024 &COPY;"));
    }

    @Test
    void cleaningCollapsesWhitespaceAndLowerCases() {
        assertEquals("don't stop now", TextCleaner.clean("  Don\u2019t \u00a0stop\t\nNOW\n"));
        assertEquals("fish & chips", TextCleaner.clean("Fish &amp;amp; Chips"));
        assertEquals("café", TextCleaner.clean("cafe\u0301")); // NFC
        assertEquals("", TextCleaner.clean(" \t "));
        assertEquals("hello (world)", TextCleaner.clean("\ufeffＨｅｌｌｏ\u3000（ｗｏｒｌｄ）"));
        assertEquals("ffi st", TextCleaner.clean("\ufb03 \ufb06"));
    }

    @Test
    void preTokenizerSplitsLikeClipsPattern() {
        assertEquals(List.of("they", "'ll", "'ve", "it", "'s", "1", "2", "-", "string", "!'", "x"),
                PreTokenizer.split("they'll've it's 12-string !'x"));
        assertEquals(List.of("a", "<|endoftext|>", "b"), PreTokenizer.split("a <|endoftext|>b"));
        assertEquals(List.of("日本語のテキスト", "🎸", "..."), PreTokenizer.split("日本語のテキスト 🎸 ..."));
    }

    @Test
    void bytesOnlyRoundTrip() {
        assertEquals(514, bytes.vocabSize());
        assertEquals(512, bytes.sot());
        assertEquals(513, bytes.eot());
        for (String text : List.of("Hello World", "naïve café résumé", "日本語 🎸 guitar", "x^2 + y^2 = z^2",
                "Fish &amp; chips", "   Many   spaces\there  ")) {
            String cleaned = TextCleaner.clean(text);
            int[] ids = bytes.encode(text);
            for (int id : ids) {
                assertTrue(id >= 0 && id < 512, "byte id " + id);
            }
            String expected = String.join(" ", PreTokenizer.split(cleaned));
            assertEquals(expected, bytes.decode(ids).trim(), text);
        }
        // one id per UTF-8 byte, the last byte of each word from the </w> half
        assertArrayEquals(new int[] {71, 72 + 256}, bytes.encode("hi"));
        assertEquals("hi  ", bytes.decode(new int[] {71, 72 + 256, 0 + 256}).replace("!", ""));
    }

    @Test
    void tokenizePadsAndTruncates() {
        long[] row = bytes.tokenize("abc", 6, false);
        assertArrayEquals(new long[] {512, 64, 65, 66 + 256, 513, 0}, row);
        long[] cut = bytes.tokenize("abcdef", 5, true);
        assertArrayEquals(new long[] {512, 64, 65, 66, 513}, cut);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bytes.tokenize(List.of("ok", "abcdef"), 5, false));
        assertTrue(e.getMessage().contains("\"abcdef\""), e.getMessage());
        assertArrayEquals(new long[] {512, 513, 0}, bytes.tokenize("", 3, false));
    }

    @Test
    void decodeRejectsUnknownIds() {
        assertThrows(IllegalArgumentException.class, () -> bytes.decode(new int[] {514}));
    }

    @Test
    void concurrentEncodingAgrees() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            texts.add("prompt number " + k + " with words " + (k % 17));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[][]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> bytes.tokenize(texts, 77, false)));
            }
            long[][] first = results.get(0).get();
            for (Future<long[][]> f : results) {
                assertTrue(java.util.Arrays.deepEquals(first, f.get()));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void findNamesEveryPlaceItLooked(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.pt");
        Files.writeString(model, "x");
        // nothing beside the model: the bundled vocabulary (see ClipTokenizerGoldenTest); a named folder
        // without one is an error naming what it looked for
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocabularyLocator.find(model, empty, null));
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("bpe_simple_vocab_16e6.txt.gz")
                && e.getMessage().contains(empty.toString()) && e.getMessage().contains("--vocab")
                && e.getMessage().contains("bundled"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> VocabularyLocator.find(model, dir.resolve("nope.gz"), null));
        assertTrue(missing.getMessage().contains("nope.gz"), missing.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> VocabularyLocator.find(model, null, dir.resolve("env.gz").toString()));
        assertTrue(env.getMessage().contains("ACTIONCLIP_VOCAB"), env.getMessage());
    }

    @Test
    void badMergesLineIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipTokenizer.fromHuggingFace(dir));
        assertTrue(e.getMessage().contains("merges.txt line 2"), e.getMessage());
    }
}
