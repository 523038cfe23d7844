package dev.actionclip.formats;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.file.Path;

/**
 * Fuzzes the safetensors reader (header length, JSON header, dtypes, shapes, data offsets) and the content
 * detection in front of it. Seeds: {@code SafeTensorsFuzzTestInputs/safetensors/} ({@link SeedCorpus}).
 * {@code mvn test} replays them; {@code scripts/fuzz safetensors 600} fuzzes for real.
 */
class SafeTensorsFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"dtype", "shape", "data_offsets", "__metadata__", "F32", "F16", "BF16", "I64", "BOOL", "U8",
            "F64", "9223372036854775807", "-1", "4294967296", "[0,", "{}"})
    void safetensors(byte[] input) {
        Path file = Hostile.file("safetensors/fuzz.safetensors", input);
        FuzzInputs.namesFile(Hostile.check("SafeTensors.open", input.length, () -> {
            SafeTensors st = SafeTensors.open(file);
            st.metadata().forEach((k, v) -> v.length());
            FuzzInputs.touch(st.tensors().values());
        }, CheckpointFormatException.class), file);
        FuzzInputs.namesFile(Hostile.check("Checkpoints.readTensors", input.length,
                () -> FuzzInputs.touch(Checkpoints.readTensors(file).values()), CheckpointFormatException.class), file);
    }
}
