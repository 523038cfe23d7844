package dev.actionclip.formats;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.file.Path;

/**
 * Fuzzes the zip layer of torch checkpoints on raw archive bytes: end of central directory, zip64 records and
 * extra fields, local headers, STORED and DEFLATED entries (with data descriptors), CRCs; then format detection and
 * the whole read ({@link Checkpoints#readTensors}: torch.save or TorchScript by content). Seeds:
 * {@code TorchZipFuzzTestInputs/zipArchive/} ({@link SeedCorpus}).
 */
class TorchZipFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"PK", "data.pkl", "archive/", "constants.pkl", "code/", "byteorder", "little", "data/0"})
    void zipArchive(byte[] input) {
        Path file = Hostile.file("zip/fuzz.pt", input);
        FuzzInputs.namesFile(Hostile.check("ZipArchive", input.length, () -> {
            try (ZipArchive zip = ZipArchive.open(file)) {
                zip.root();
                for (String name : zip.entries().keySet()) {
                    zip.read(name, 1 << 20);
                }
            }
        }, CheckpointFormatException.class), file);
        FuzzInputs.namesFile(Hostile.check("Checkpoints.readTensors", input.length,
                () -> FuzzInputs.touch(Checkpoints.readTensors(file).values()), CheckpointFormatException.class), file);
    }
}
