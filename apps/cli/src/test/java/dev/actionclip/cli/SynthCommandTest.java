package dev.actionclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesDatasetAndSummary(@TempDir Path dir) throws Exception {
        CliRun r = run("synth", "--out", dir.toString(), "--seed", "3", "--per-label", "1", "--frames", "4",
                "--size", "32", "--shapes", "circle,square", "--colours", "red,blue", "--motions", "left,right",
                "--unseen-fraction", "0.25");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("labels: 6 seen, 2 unseen"), r.out());
        assertTrue(r.out().contains("clips: 6 train, 6 val, 4 unseen"), r.out());
        for (String f : new String[] {"train.csv", "val.csv", "unseen.csv", "labels.csv", "unseen_labels.csv"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void badPartIsAUsageError(@TempDir Path dir) {
        CliRun r = run("synth", "--out", dir.toString(), "--shapes", "blob");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown shape 'blob'"), r.err());
        r = run("synth", "--out", dir.toString(), "--frames", "1");
        assertEquals(2, r.code());
    }
}
