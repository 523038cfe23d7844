package dev.actionclip.prompts;

import dev.actionclip.testsupport.SeedFiles;
import org.junit.jupiter.api.Test;

/** The committed seed corpora are the ones {@link SeedCorpus} writes, and stay small. */
class SeedCorpusTest {
    @Test
    void everySeedIsCommittedAndSmall() {
        SeedFiles.checkCommitted(SeedCorpus.PACKAGE_DIR, SeedCorpus.all());
    }
}
