package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.formats.Json;
import dev.actionclip.testsupport.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
    @Test
    @SuppressWarnings("unchecked")
    void builtInTemplatesAndOrderMatchTheReference() throws Exception {
        Path ref = SharedFiles.resolve("actionclip.reference", "fixtures/model/reference.json");
        assumeTrue(Files.exists(ref) || SharedFiles.inCi(), "fixture absent: " + ref);
        Map<String, Object> root = Json.parseObject(Files.readString(ref, StandardCharsets.UTF_8));
        assertEquals(root.get("templates"), Templates.actionClip().templates());
        List<String> classes = (List<String>) root.get("classes");
        assertEquals(root.get("prompts"), Templates.actionClip().applyAll(classes));
    }

    @Test
    void applyAndNone() {
        assertEquals(16, Templates.actionClip().size());
        assertEquals("Can you recognize the action of archery?", Templates.actionClip().apply("archery").get(11));
        assertEquals(List.of("archery"), Templates.none().apply("archery"));
        assertEquals(List.of("a clip of archery"), Templates.single("a clip of {}").apply("archery"));
        assertThrows(IllegalArgumentException.class, () -> Templates.single("no placeholder"));
    }

    @Test
    void fileSkipsCommentsAndNamesBadLines(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("t.txt");
        Files.writeString(ok, "# my templates\n\na video of {}\n  {}, an action  \n");
        assertEquals(List.of("a video of {}", "{}, an action"), Templates.fromFile(ok).templates());
        assertEquals(2, Templates.parse(ok.toString()).size());
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a video of {}\n# fine\nno label here\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Templates.fromFile(bad));
        assertTrue(e.getMessage().contains("bad.txt line 3"), e.getMessage());
        assertEquals(16, Templates.parse("actionclip").size());
        assertEquals(1, Templates.parse("none").size());
        assertEquals("x {}", Templates.parse("x {}").templates().get(0));
        assertThrows(IllegalArgumentException.class, () -> Templates.parse(dir.resolve("missing").toString()));
    }
}
