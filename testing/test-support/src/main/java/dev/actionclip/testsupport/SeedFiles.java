package dev.actionclip.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fuzz targets' seed corpora as each module's {@code SeedCorpus} recipe describes them:
 * {@code "<TestClass>Inputs/<method>"} → seed file name → bytes, under the module's {@code packageDir}.
 */
public final class SeedFiles {
    /** Seeds stay small: fuzzing mutates them, and they are committed. */
    public static final int MAX_SEED_BYTES = 4096;

    private SeedFiles() {
    }

    /**
     * Writes every seed under {@code module/packageDir} (findings already there are left alone) and
     * returns one line per target directory for the caller to print.
     */
    public static List<String> write(Path module, String packageDir, Map<String, Map<String, byte[]>> corpus)
            throws IOException {
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Map<String, byte[]>> target : corpus.entrySet()) {
            Path dir = module.resolve(packageDir).resolve(target.getKey());
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
            written.add(dir + ": " + target.getValue().size() + " seeds");
        }
        return written;
    }

    /** Fails when a seed of the recipe is not committed under {@code packageDir}, or is too big. */
    public static void checkCommitted(String packageDir, Map<String, Map<String, byte[]>> corpus) {
        for (Map.Entry<String, Map<String, byte[]>> target : corpus.entrySet()) {
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Path p = Path.of(packageDir).resolve(target.getKey()).resolve(seed.getKey());
                if (!Files.isRegularFile(p)) {
                    throw new AssertionError(p + " missing: run SeedCorpus.main");
                }
                if (seed.getValue().length > MAX_SEED_BYTES) {
                    throw new AssertionError(p + " is " + seed.getValue().length + " bytes");
                }
            }
        }
    }
}
