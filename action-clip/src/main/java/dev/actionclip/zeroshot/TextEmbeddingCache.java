package dev.actionclip.zeroshot;

import dev.actionclip.formats.DType;
import dev.actionclip.formats.SafeTensors;
import dev.actionclip.formats.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of text banks, keyed by the content hash of (model, tokenizer, templates, labels). Entries are
 * safetensors files written atomically; a damaged or mismatching entry is recomputed, never trusted. A cache that
 * cannot be written is a WARN on this class's slf4j logger, not an error.
 */
public final class TextEmbeddingCache {
    private static final Logger LOG = LoggerFactory.getLogger(TextEmbeddingCache.class);
    private final Path dir;

    public TextEmbeddingCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $ACTIONCLIP_CACHE/text}, else {@code $XDG_CACHE_HOME/action-clip/text}, else {@code ~/.cache/action-clip/text}. */
    public static TextEmbeddingCache defaultCache() {
        String env = System.getenv("ACTIONCLIP_CACHE");
        if (env != null && !env.isBlank()) {
            return new TextEmbeddingCache(Paths.get(env, "text"));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return new TextEmbeddingCache(base.resolve("action-clip").resolve("text"));
    }

    public Path dir() {
        return dir;
    }

    /** The cache key for a model fingerprint, a tokenizer id, templates and labels. */
    public static String key(String modelFingerprint, String tokenizerId, List<String> templates, List<String> labels) {
        List<String> parts = new ArrayList<>();
        parts.add("v1");
        parts.add(modelFingerprint);
        parts.add(tokenizerId);
        parts.add("templates=" + templates.size());
        parts.addAll(templates);
        parts.add("labels=" + labels.size());
        parts.addAll(labels);
        return Fingerprint.ofStrings(parts);
    }

    /**
     * The cached bank for {@code key}, or {@code compute}'s result (then stored). Writing failures only lose
     * the cache, not the result.
     */
    public TextBank getOrCompute(String key, List<String> labels, int templates, Supplier<TextBank> compute) {
        Path file = dir.resolve(key + ".safetensors");
        TextBank hit = read(file, labels, templates);
        if (hit != null) {
            return hit;
        }
        TextBank bank = compute.get();
        try {
            write(file, bank);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot write text embedding cache {}: {}", file, e.getMessage());
        }
        return bank;
    }

    private static TextBank read(Path file, List<String> labels, int templates) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            SafeTensors st = SafeTensors.open(file);
            TensorData t = st.get("text_embeddings");
            long[] shape = t.shape();
            Map<String, String> meta = st.metadata();
            if (shape.length != 2 || shape[0] != (long) templates * labels.size()
                    || !String.valueOf(labels.size()).equals(meta.get("labels"))) {
                return null;
            }
            // the bank re-normalises: store raw, it is idempotent on unit rows
            return new TextBank(labels, templates, (int) shape[1], t.toFloatArray());
        } catch (RuntimeException e) {
            return null; // damaged entry: recompute and overwrite
        }
    }

    private static void write(Path file, TextBank bank) throws IOException {
        int rows = bank.templates() * bank.labels().size();
        ByteBuffer b = ByteBuffer.allocate(rows * bank.dim() * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(bank.unitRows());
        TensorData t = TensorData.contiguous("text_embeddings", DType.F32, new long[] {rows, bank.dim()}, b);
        SafeTensors.write(file, Map.of("text_embeddings", t),
                Map.of("labels", String.valueOf(bank.labels().size()), "templates", String.valueOf(bank.templates())));
    }
}
