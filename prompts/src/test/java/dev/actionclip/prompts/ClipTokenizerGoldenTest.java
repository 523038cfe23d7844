package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with OpenAI's simple_tokenizer.py on the shared golden cases, for the vocabulary read from the shared
 * {@code bpe_simple_vocab_16e6.txt.gz} and for the copy bundled in the jar (what users get with no --vocab).
 */
class ClipTokenizerGoldenTest {
    private static List<Map<String, Object>> cases;
    private static int contextLength;
    private static int sot;
    private static int eot;
    private static Path vocabFile;
    private static ClipTokenizer fromFile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        String prop = System.getProperty("actionclip.tokenizerGolden");
        Path golden = prop != null && !prop.isBlank() ? Paths.get(prop)
                : SharedFiles.resolve("actionclip.tokenizerGolden", "fixtures/tokenizer_golden.json");
        vocabFile = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(golden) || SharedFiles.inCi(), "fixture absent: " + golden);
        Map<String, Object> root = Json.parseObject(Files.readString(golden, StandardCharsets.UTF_8));
        cases = (List<Map<String, Object>>) (List<?>) root.get("cases");
        contextLength = ((Long) root.get("context_length")).intValue();
        sot = ((Long) root.get("sot")).intValue();
        eot = ((Long) root.get("eot")).intValue();
    }

    /** The tokenizers under test: "file" (the shared vocabulary file) and "bundled" (the jar's resource). */
    static List<String> vocabularies() {
        return List.of("file", "bundled");
    }

    private static ClipTokenizer tokenizer(String which) throws IOException {
        ClipTokenizer t;
        if (which.equals("bundled")) {
            t = ClipTokenizer.bundled();
            assertTrue(t.isBundled());
            assertEquals("bundled bpe_simple_vocab_16e6.txt.gz", t.description());
        } else {
            assumeTrue(Files.exists(vocabFile) || SharedFiles.inCi(), "fixture absent: " + vocabFile);
            if (fromFile == null) {
                fromFile = ClipTokenizer.fromOpenAiGzip(vocabFile);
            }
            t = fromFile;
            assertFalse(t.isBundled());
        }
        assertEquals(sot, t.sot());
        assertEquals(eot, t.eot());
        return t;
    }

    private static int[] ints(Object list) {
        List<?> l = (List<?>) list;
        int[] a = new int[l.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = ((Long) l.get(k)).intValue();
        }
        return a;
    }

    private static long[] longs(Object list) {
        int[] a = ints(list);
        long[] b = new long[a.length];
        for (int k = 0; k < a.length; k++) {
            b[k] = a[k];
        }
        return b;
    }

    @ParameterizedTest(name = "{0} vocabulary")
    @MethodSource("vocabularies")
    void allGoldenCasesMatch(String which) throws IOException {
        ClipTokenizer tokenizer = tokenizer(which);
        assertEquals(49408, tokenizer.vocabSize());
        List<String> failures = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String text = (String) c.get("text");
            texts.add(text);
            int[] ids = tokenizer.encode(text);
            if (!java.util.Arrays.equals(ints(c.get("ids")), ids)) {
                failures.add(Json.quote(text) + " expected " + c.get("ids") + " got " + java.util.Arrays.toString(ids));
            }
        }
        long[][] rows = tokenizer.tokenize(texts, contextLength, true);
        int matched = 0;
        for (int k = 0; k < cases.size(); k++) {
            if (java.util.Arrays.equals(longs(cases.get(k).get("context77")), rows[k])) {
                matched++;
            } else {
                failures.add(Json.quote(texts.get(k)) + ": context77 differs");
            }
        }
        System.out.println("tokenizer golden (" + which + " vocabulary): " + matched + "/" + cases.size() + " cases match");
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
        assertEquals(735, cases.size());
    }

    @ParameterizedTest(name = "{0} vocabulary")
    @MethodSource("vocabularies")
    void overLongTextThrowsWithoutTruncate(String which) throws IOException {
        ClipTokenizer tokenizer = tokenizer(which);
        String longest = null;
        for (Map<String, Object> c : cases) {
            if (((List<?>) c.get("ids")).size() + 2 > contextLength) {
                longest = (String) c.get("text");
            }
        }
        assumeTrue(longest != null, "golden file has no over-long case");
        String text = longest;
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tokenizer.tokenize(List.of("short", text), contextLength, false));
        assertTrue(e.getMessage().contains(text.substring(0, 20)), e.getMessage());
    }

    @ParameterizedTest(name = "{0} vocabulary")
    @MethodSource("vocabularies")
    void decodeInvertsEncodeUpToWordSpacing(String which) throws IOException {
        ClipTokenizer tokenizer = tokenizer(which);
        for (Map<String, Object> c : cases) {
            String text = (String) c.get("text");
            String expected = String.join(" ", PreTokenizer.split(TextCleaner.clean(text)));
            String decoded = tokenizer.decode(ints(c.get("ids"))).trim();
            assertEquals(expected, decoded, "decode of " + Json.quote(text));
        }
    }

    @Test
    void huggingFaceFilesGiveIdenticalIds(@TempDir Path dir) throws IOException {
        ClipTokenizer tokenizer = tokenizer("file");
        Map<String, Object> vocab = new LinkedHashMap<>();
        Vocabulary v = Vocabulary.fromOpenAiGzip(vocabFile);
        for (int id = 0; id < v.size(); id++) {
            vocab.put(v.token(id), id);
        }
        Files.writeString(dir.resolve("vocab.json"), Json.write(vocab), StandardCharsets.UTF_8);
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (int r = 0; r < v.mergeCount(); r++) {
            String[] m = v.merge(r);
            merges.append(m[0]).append(' ').append(m[1]).append('\n');
        }
        Files.writeString(dir.resolve("merges.txt"), merges, StandardCharsets.UTF_8);

        ClipTokenizer hf = ClipTokenizer.fromHuggingFace(dir);
        assertEquals(tokenizer.vocabSize(), hf.vocabSize());
        assertEquals(tokenizer.sot(), hf.sot());
        assertEquals(tokenizer.eot(), hf.eot());
        for (Map<String, Object> c : cases) {
            String text = (String) c.get("text");
            assertArrayEquals(ints(c.get("ids")), hf.encode(text), Json.quote(text));
        }
        // find() picks the pair up from a model's folder
        ClipTokenizer found = ClipTokenizer.find(dir.resolve("model.safetensors"), null);
        assertArrayEquals(tokenizer.encode("a video of archery"), found.encode("a video of archery"));
    }

    @Test
    void bundledCopyIsTheSharedFileByteForByte() throws IOException {
        assumeTrue(Files.exists(vocabFile) || SharedFiles.inCi(), "fixture absent: " + vocabFile);
        byte[] bundled;
        try (InputStream in = ClipTokenizer.class.getResourceAsStream("bpe_simple_vocab_16e6.txt.gz")) {
            assertNotNull(in, "resource dev/actionclip/prompts/bpe_simple_vocab_16e6.txt.gz");
            bundled = in.readAllBytes();
        }
        assertArrayEquals(Files.readAllBytes(vocabFile), bundled);
        assertNotNull(ClipTokenizer.class.getResource("LICENSE-openai-clip.txt"), "the licence travels with it");
    }

    @Test
    void bundledVocabularyIsParsedOncePerJvm() {
        assertSame(BundledVocabulary.get(), BundledVocabulary.get());
        ClipTokenizer a = ClipTokenizer.bundled();
        ClipTokenizer b = ClipTokenizer.bundled();
        assertNotSame(a, b, "each tokenizer keeps its own word cache");
        assertEquals(49408, a.vocabSize());
        assertArrayEquals(a.encode("a video of archery"), b.encode("a video of archery"));
    }

    @Test
    void findFallsBackToTheBundledCopyAfterTheModelFolder(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.pt");
        Files.writeString(model, "x");
        ClipTokenizer found = VocabularyLocator.find(model, null, null);
        assertTrue(found.isBundled(), found.description());
        assertTrue(VocabularyLocator.find(null, null, "").isBundled());
        // a vocabulary file beside the model still wins over the bundled copy
        assumeTrue(Files.exists(vocabFile) || SharedFiles.inCi(), "fixture absent: " + vocabFile);
        Files.copy(vocabFile, dir.resolve("bpe_simple_vocab_16e6.txt.gz"));
        ClipTokenizer beside = VocabularyLocator.find(model, null, null);
        assertFalse(beside.isBundled());
        assertEquals(dir.resolve("bpe_simple_vocab_16e6.txt.gz").toString(), beside.description());
        // and $ACTIONCLIP_VOCAB wins over the model's folder
        Path other = Files.createDirectories(dir.resolve("env"));
        Files.copy(vocabFile, other.resolve("bpe_simple_vocab_16e6.txt.gz"));
        assertEquals(other.resolve("bpe_simple_vocab_16e6.txt.gz").toString(),
                VocabularyLocator.find(model, null, other.toString()).description());
        // and an explicit --vocab wins over everything
        assertEquals(vocabFile.toString(), VocabularyLocator.find(model, vocabFile, other.toString()).description());
    }
}
