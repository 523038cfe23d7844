package dev.actionclip.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annotation files that used to escape as the wrong exception, hang, or exhaust memory: each a DatasetException. */
class CraftedAnnotationsTest {
    private static DatasetException fails(Path file, org.junit.jupiter.api.function.Executable load, String... fragments) {
        DatasetException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(DatasetException.class, load));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void aHugeLabelIdWithoutALabelFileDoesNotSizeTheLabelList(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.mp4"), new byte[] {1});
        Path list = Files.writeString(dir.resolve("list.txt"), "a.mp4 2147483647\n");
        fails(list, () -> ActionClipLists.videos(list).load(), list + ":1: label id 2147483647 without a label file");
    }

    @Test
    void aPathThatCannotBeAPath(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), "a\u0000b.mp4 0\n");
        fails(list, () -> ActionClipLists.videos(list).load(), list + ":1:", "is not a valid path");
    }

    @Test
    void aListThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path list = Files.write(dir.resolve("list.txt"), "a.mp4 0\ncaf\u00e9.mp4 1\n".getBytes(StandardCharsets.ISO_8859_1));
        fails(list, () -> ActionClipLists.videos(list).load(), list + ":2: not UTF-8 text", "0xe9");
    }

    @Test
    void kineticsLabelsWithACarriageReturnOrBadBytes(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("abc_000001_000002.mp4"), new byte[] {1});
        Path csv = Files.writeString(dir.resolve("a.csv"),
                "label,youtube_id,time_start,time_end\n\"a\rb\",abc,1,2\n");
        fails(csv, () -> KineticsAnnotations.builder(csv, dir).load(), csv + ":2:", "runs over several lines");
        Path latin1 = Files.write(dir.resolve("b.csv"), ("label,youtube_id,time_start,time_end\ncaf\u00e9,abc,1,2\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        fails(latin1, () -> KineticsAnnotations.builder(latin1, dir).load(), latin1 + ":2", "not UTF-8 text");
    }
}
