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
        assertTrue(e.getMessage().contains("dup.csv:4: label id 1 appears twice") && e.getMessage().contains("line 3"),
                e.getMessage());
        Path gap = dir.resolve("gap.csv");
        Files.writeString(gap, "id,name\n0,a\n2,c\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(gap));
        assertTrue(e.getMessage().contains("missing ids [1]") && e.getMessage().contains("line 3"), e.getMessage());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "0,a\nx,b\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(bad));
        assertTrue(e.getMessage().contains("bad.csv:2: label id 'x' is not an integer"), e.getMessage());
        Path sameName = dir.resolve("same.csv");
        Files.writeString(sameName, "0,a\n1,a\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(sameName));
        assertTrue(e.getMessage().contains("same.csv:2: label \"a\" repeats line 1"), e.getMessage());
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

    @Test
    void allThreeFormatsReadQuotesAndSpaces(@TempDir Path dir) throws Exception {
        List<String> want = List.of("cooking, baking", "say \"hi\"", "swimming");
        Path csv = dir.resolve("l.csv");
        Files.writeString(csv, "\uFEFFid,name\r\n\r\n2, swimming \r\n0,\"cooking, baking\"\r\n1,\"say \"\"hi\"\"\"\r\n");
        assertEquals(want, LabelSet.load(csv).names());
        Path txt = dir.resolve("l.txt");
        Files.writeString(txt, "\uFEFFcooking, baking\n\n  say \"hi\"\nswimming\n");
        assertEquals(want, LabelSet.load(txt).names(), "a text file takes each line as it is");
        assertEquals(want, LabelSet.parse("\"cooking, baking\", \"say \"\"hi\"\"\" ,swimming").names());
        assertEquals(want, LabelSet.parse(csv.toString()).names());
    }

    @Test
    void writtenCsvReadsBack(@TempDir Path dir) throws Exception {
        LabelSet set = LabelSet.of(List.of("abseiling", "cooking, baking", "say \"hi\"", " padded "));
        Path f = dir.resolve("out.csv");
        set.writeCsv(f);
        assertEquals("id,name\n0,abseiling\n1,\"cooking, baking\"\n2,\"say \"\"hi\"\"\"\n3,\" padded \"\n",
                Files.readString(f));
        assertEquals(set.names(), LabelSet.fromCsv(f).names());
    }

    @Test
    void badQuotingAndUnquotedCommasNameTheLine(@TempDir Path dir) throws Exception {
        Path open = dir.resolve("open.csv");
        Files.writeString(open, "id,name\n0,a\n1,\"b\n2,c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(open));
        assertTrue(e.getMessage().startsWith(open + ":3: unterminated quote"), e.getMessage());
        Path comma = dir.resolve("comma.csv");
        Files.writeString(comma, "0,a\n1,cooking, baking\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(comma));
        assertTrue(e.getMessage().startsWith(comma + ":2: expected 'id,name', got 3 fields"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.inline("a, \"b"));
        assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
        Path stray = dir.resolve("stray.csv");
        Files.writeString(stray, "0,\"a\n1,b\"\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(stray));
        assertTrue(e.getMessage().startsWith(stray + ":1: label \"a...\" holds a line break"), e.getMessage());
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "id,name\n\n");
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.fromCsv(empty));
        assertTrue(e.getMessage().contains("no labels"), e.getMessage());
    }
}
