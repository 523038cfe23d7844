package dev.actionclip.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed seed corpora are the ones {@link SeedCorpus} writes, and stay small. */
class SeedCorpusTest {
    @Test
    void everySeedIsCommittedAndSmall() {
        for (Map.Entry<String, Map<String, byte[]>> target : SeedCorpus.all().entrySet()) {
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Path p = Path.of(SeedCorpus.PACKAGE_DIR).resolve(target.getKey()).resolve(seed.getKey());
                assertTrue(Files.isRegularFile(p), p + " missing: run SeedCorpus.main");
                assertTrue(seed.getValue().length <= 4096, p + " is " + seed.getValue().length + " bytes");
            }
        }
    }
}
