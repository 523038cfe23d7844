package dev.actionclip.formats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Safetensors JSON headers (and sharded index files) that are hostile or broken must fail as CheckpointFormatException. */
class SafeTensorsHeaderTest {
    private static final int DEEP = 100_000;

    @TempDir
    Path tmp;

    /** An 8-byte little-endian header length, then the header bytes, and no tensor data. */
    private Path safetensors(String name, String header) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(tmp.resolve(name), b.array());
    }

    private static CheckpointFormatException refused(Path file, Runnable open, String... fragments) {
        Json.parse("0"); // load Jackson outside the timed part
        CheckpointFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(CheckpointFormatException.class, open::run));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        return e;
    }

    @Test
    void deeplyNestedObjectHeaderIsRefused() throws IOException {
        Path file = safetensors("deep-objects.safetensors", "{\"a\":".repeat(DEEP) + "{}" + "}".repeat(DEEP));
        refused(file, () -> SafeTensors.open(file), "corrupt safetensors header", "nesting depth", "line 1, column");
    }

    @Test
    void deeplyNestedArrayHeaderIsRefused() throws IOException {
        Path file = safetensors("deep-arrays.safetensors", "{\"t\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}");
        refused(file, () -> SafeTensors.open(file), "corrupt safetensors header", "nesting depth");
        Path bare = safetensors("deep-root-array.safetensors", "[".repeat(DEEP));
        refused(bare, () -> SafeTensors.open(bare), "nesting depth");
    }

    @Test
    void headerWithTrailingGarbageIsRefused() throws IOException {
        Path file = safetensors("trailing.safetensors", "{} {}");
        refused(file, () -> SafeTensors.open(file), "trailing characters");
    }

    @Test
    void deeplyNestedShardIndexIsRefused() throws IOException {
        Path index = Files.writeString(tmp.resolve("model.safetensors.index.json"),
                "{\"weight_map\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}");
        refused(index, () -> SafeTensors.openFolder(tmp), "cannot read index", "nesting depth");
    }

    @Test
    void writtenHeaderReadsBack() throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).flip();
        tensors.put("w", TensorData.contiguous("w", DType.F32, new long[] {2}, data));
        Path file = tmp.resolve("ok.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        SafeTensors st = SafeTensors.open(file);
        assertArrayEquals(new float[] {1.5f, -2f}, st.get("w").toFloatArray());
        assertEquals(Map.of("format", "pt"), st.metadata());
    }
}
