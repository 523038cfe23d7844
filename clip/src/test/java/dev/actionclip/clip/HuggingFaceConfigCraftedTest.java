package dev.actionclip.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.CheckpointFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Hugging Face {@code config.json} numbers: a dimension beyond int must be a clear error naming the key and
 * the number as written, never a silent wrap-around into a small or negative width (10^12 as an int is -727379968).
 */
class HuggingFaceConfigCraftedTest {
    /** A CLIP config.json whose text hidden_size is {@code hiddenSize} (written as given). */
    static Path config(Path dir, String hiddenSize) throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "clip", "projection_dim": 512,
                 "text_config": {"hidden_size": %s, "intermediate_size": 2048, "num_attention_heads": 8},
                 "vision_config": {"hidden_size": 768, "intermediate_size": 3072}}
                """.formatted(hiddenSize));
        return dir;
    }

    @Test
    void aHiddenSizeOfTenToTheTwelveIsAClearError(@TempDir Path dir) throws IOException {
        config(dir, "1000000000000");
        CheckpointFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(CheckpointFormatException.class, () -> HuggingFaceClip.readConfig(dir)));
        assertEquals(dir.resolve("config.json"), e.file());
        assertTrue(e.getMessage().contains("'hidden_size' is 1000000000000"), e.getMessage());
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void justBeyondIntAndFarBeyondLong(@TempDir Path dir) throws IOException {
        for (String n : new String[] {"2147483648", "-2147483649", "1e12", "123456789012345678901234567890"}) {
            config(dir, n);
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> HuggingFaceClip.readConfig(dir));
            assertTrue(e.getMessage().contains("'hidden_size' is "), n + ": " + e.getMessage());
        }
        config(dir, "512");
        assertEquals(512, HuggingFaceClip.readConfig(dir).transformerWidth());
    }
}
