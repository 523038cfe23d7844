package dev.actionclip.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEmbeddingCacheTest {
    @TempDir
    Path tmp;

    @Test
    void reusesOnlyForTheSameModelLabelsAndTemplates() throws Exception {
        Path model = tmp.resolve("model.bin");
        Files.writeString(model, "weights v1");
        TextEmbeddingCache cache = new TextEmbeddingCache(tmp.resolve("cache"));
        List<String> labels = List.of("run", "jump");
        List<String> templates = List.of("{}");
        AtomicInteger computed = new AtomicInteger();
        String k1 = TextEmbeddingCache.key(Fingerprint.ofPath(model), "bpe", templates, labels);
        TextBank a = cache.getOrCompute(k1, labels, 1, () -> {
            computed.incrementAndGet();
            return new TextBank(labels, 1, 2, new float[] {3, 4, 0, 2});
        });
        TextBank b = cache.getOrCompute(k1, labels, 1, () -> {
            computed.incrementAndGet();
            return null;
        });
        assertEquals(1, computed.get());
        assertArrayEquals(a.embedding(0, 0), b.embedding(0, 0), 0f);

        Files.writeString(model, "weights v2");
        String k2 = TextEmbeddingCache.key(Fingerprint.ofPath(model), "bpe", templates, labels);
        assertNotEquals(k1, k2, "a changed model gets a new key");
        assertNotEquals(k1, TextEmbeddingCache.key("x", "bpe", templates, List.of("run", "jump", "swim")));
        assertNotEquals(TextEmbeddingCache.key("x", "bpe", List.of("a{}", "b"), labels),
                TextEmbeddingCache.key("x", "bpe", List.of("a", "{}b"), labels));
    }

    @Test
    void recomputesADamagedEntry() throws Exception {
        TextEmbeddingCache cache = new TextEmbeddingCache(tmp);
        Files.writeString(tmp.resolve("k.safetensors"), "garbage");
        TextBank bank = cache.getOrCompute("k", List.of("a"), 1, () -> new TextBank(List.of("a"), 1, 1, new float[] {2}));
        assertEquals(1f, bank.embedding(0, 0)[0], 0f);
    }
}
