package dev.actionclip.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Json#parse} (configs, safetensors headers, vocab.json, checkpoint.json): only its
 * IllegalArgumentException may escape; what it accepts, written and parsed again, writes the same text.
 * Seeds: {@code JsonFuzzTestInputs/parse/} ({@link SeedCorpus}).
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Object[] parsed = new Object[1];
        Hostile.check("Json.parse", input.length, () -> parsed[0] = Json.parse(text), IllegalArgumentException.class);
        if (parsed[0] != null) {
            // compared as written: numbers beyond double's range parse to infinity, which JSON writes as null
            String written = Json.write(parsed[0]);
            assertEquals(written, Json.write(Json.parse(written)), "write, parse and write again changes the text");
        }
    }
}
