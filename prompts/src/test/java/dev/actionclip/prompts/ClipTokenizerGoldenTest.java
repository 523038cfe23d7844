package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.io.IOException;
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

/** Parity with OpenAI's simple_tokenizer.py on the shared golden cases. */
class ClipTokenizerGoldenTest {
    private static ClipTokenizer tokenizer;
    private static List<Map<String, Object>> cases;
    private static int contextLength;
    private static Path vocabFile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        String prop = System.getProperty("actionclip.tokenizerGolden");
        Path golden = prop != null && !prop.isBlank() ? Paths.get(prop)
                : SharedFiles.resolve("actionclip.tokenizerGolden", "fixtures/tokenizer_golden.json");
        vocabFile = SharedFiles.resolve("actionclip.vocab", "clip/bpe_simple_vocab_16e6.txt.gz");
        assumeTrue(Files.exists(golden) || SharedFiles.inCi(), "fixture absent: " + golden);
        assumeTrue(Files.exists(vocabFile) || SharedFiles.inCi(), "fixture absent: " + vocabFile);
        Map<String, Object> root = Json.parseObject(Files.readString(golden, StandardCharsets.UTF_8));
        cases = (List<Map<String, Object>>) (List<?>) root.get("cases");
        contextLength = ((Long) root.get("context_length")).intValue();
        tokenizer = ClipTokenizer.fromOpenAiGzip(vocabFile);
        assertEquals(((Long) root.get("sot")).intValue(), tokenizer.sot());
        assertEquals(((Long) root.get("eot")).intValue(), tokenizer.eot());
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

    @Test
    void allGoldenCasesMatch() {
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
        System.out.println("tokenizer golden: " + matched + "/" + cases.size() + " cases match");
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
        assertEquals(735, cases.size());
    }

    @Test
    void overLongTextThrowsWithoutTruncate() {
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

    @Test
    void decodeInvertsEncodeUpToWordSpacing() {
        for (Map<String, Object> c : cases) {
            String text = (String) c.get("text");
            String expected = String.join(" ", PreTokenizer.split(TextCleaner.clean(text)));
            String decoded = tokenizer.decode(ints(c.get("ids"))).trim();
            assertEquals(expected, decoded, "decode of " + Json.quote(text));
        }
    }

    @Test
    void huggingFaceFilesGiveIdenticalIds(@TempDir Path dir) throws IOException {
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
}
