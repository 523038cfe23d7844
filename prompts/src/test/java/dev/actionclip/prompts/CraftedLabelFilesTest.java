package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionclip.formats.CsvException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label and template files saved in another encoding, and specs that cannot be paths: clear errors naming file:line. */
class CraftedLabelFilesTest {
    @Test
    void latin1FilesNameTheLineOfTheFirstBadByte(@TempDir Path dir) throws IOException {
        byte[] latin1 = "riding a bike\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path txt = Files.write(dir.resolve("labels.txt"), latin1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSet.load(txt));
        assertTrue(e.getMessage().startsWith(txt + ":2: not UTF-8 text (byte 0xe9 at offset 17"), e.getMessage());
        Path csv = Files.write(dir.resolve("labels.csv"), "id,name\n0,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CsvException c = assertThrows(CsvException.class, () -> LabelSet.load(csv));
        assertEquals(2, c.line());
        assertTrue(c.getMessage().startsWith(csv + ":2: not UTF-8 text"), c.getMessage());
        Path templates = Files.write(dir.resolve("t.txt"), "a photo of {}\n\u00e0 {}\n".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IllegalArgumentException.class, () -> Templates.fromFile(templates));
        assertTrue(e.getMessage().startsWith(templates + ":2: not UTF-8 text"), e.getMessage());
    }

    @Test
    void specsThatCannotBePathsAreListsOrErrors() throws IOException {
        assertEquals(List.of("a\u0000b", "c"), LabelSet.parse("a\u0000b, c").names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Templates.parse("x\u0000y"));
        assertTrue(e.getMessage().startsWith("templates \"x\u0000y\": expected actionclip, none"), e.getMessage());
    }
}
