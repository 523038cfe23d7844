package dev.actionclip.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.actionclip.testsupport.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSetTest {
    private static Path shared(String name) {
        Path p = SharedFiles.resolve(null, "labels/" + name);
        assumeTrue(Files.exists(p) || SharedFiles.inCi(), "fixture absent: " + p);
        return p;
    }

    @Test
    void sharedLabelFiles() throws Exception {
        LabelSet k400 = LabelSet.load(shared("kinetics_400_labels.csv"));
        assertEquals(400, k400.size());
        assertEquals("abseiling", k400.name(0));
        assertEquals(1, k400.indexOf("air drumming"));
        assertEquals(51, LabelSet.load(shared("hmdb51_labels.csv")).size());
        LabelSet ucf = LabelSet.load(shared("ucf_labels.csv"));
        assertEquals(101, ucf.size());
        assertEquals("ApplyEyeMakeup", ucf.name(0));
        LabelSet split = ucf.splitCamelCase();
        assertEquals("apply eye makeup", split.name(0));
        assertEquals(ucf.indexOf("YoYo"), split.indexOf("yo yo"));
        for (String n : split.names()) {
            assertTrue(n.equals(n.toLowerCase()) && !n.contains("  "), n);
        }
    }

    @Test
    void camelCase() {
        assertEquals("yo yo", LabelSet.splitCamelCase("YoYo"));
        assertEquals("tv show", LabelSet.splitCamelCase("TVShow"));
        assertEquals("mp3 player", LabelSet.splitCamelCase("Mp3Player"));
        assertEquals("brush hair", LabelSet.splitCamelCase("brush_hair"));
        assertEquals("playing tennis", LabelSet.splitCamelCase("playing tennis"));
    }

    @Test
    void csvIdsInAnyOrderWithoutHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("l.csv");
        Files.writeString(f, "1,b\n0,a\n2,\"c, quoted\"\n");
        assertEquals(List.of("a", "b", "c, quoted"), LabelSet.fromCsv(f).names());
    }

    @Test
    void csvErrorsNameTheLine(@TempDir Path dir) throws Exception {
        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, "id,name\n0,a\n1,b\n1,c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(dup));
        assertTrue(e.getMessage().contains("dup.csv line 4") && e.getMessage().contains("line 3"), e.getMessage());
        Path gap = dir.resolve("gap.csv");
        Files.writeString(gap, "id,name\n0,a\n2,c\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(gap));
        assertTrue(e.getMessage().contains("id 1 is missing") && e.getMessage().contains("line 3"), e.getMessage());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "0,a\nx,b\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(bad));
        assertTrue(e.getMessage().contains("bad.csv line 2"), e.getMessage());
        Path sameName = dir.resolve("same.csv");
        Files.writeString(sameName, "0,a\n1,a\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(sameName));
        assertTrue(e.getMessage().contains("same.csv line 2"), e.getMessage());
    }

    @Test
    void textFileAndInline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("l.txt");
        Files.writeString(f, "riding a bike\n\nplaying guitar\n");
        assertEquals(List.of("riding a bike", "playing guitar"), LabelSet.load(f).names());
        LabelSet inline = LabelSet.parse("riding a bike, playing guitar ,swimming");
        assertEquals(List.of("riding a bike", "playing guitar", "swimming"), inline.names());
        assertEquals(2, inline.indexOf("Swimming"));
        assertEquals(-1, inline.indexOf("flying"));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.inline("a,,b"));
    }
}
