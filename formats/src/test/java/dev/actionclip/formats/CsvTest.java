package dev.actionclip.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path tmp;

    @Test
    void ordinaryValuesAreWrittenBare() {
        assertEquals("path,label_1,prob_1,error", Csv.line("path", "label_1", "prob_1", "error"));
        assertEquals("a b,-1.5e-03,x/y.mp4,true\\predicted,é", Csv.line("a b", "-1.5e-03", "x/y.mp4",
                "true\\predicted", "é"));
        assertEquals("x,,", Csv.line(List.of("x", "", "")), "empty fields after the first stay bare");
        assertEquals("1,,3", Csv.line(1L, null, 3));
    }

    @Test
    void quotesWhatPythonQuotesPlusSurroundingSpace() {
        // Python's csv.QUOTE_MINIMAL: delimiter, quote, CR, LF
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"",
                Csv.line("a,b", "say \"hi\"", "two\nlines", "cr\rhere"));
        // surrounding whitespace too, since readers trim unquoted fields
        assertEquals("\" lead\",\"trail \",\"\ttab\"", Csv.line(" lead", "trail ", "\ttab"));
    }

    @Test
    void printerWritesOneRecordPerLine() throws Exception {
        StringWriter w = new StringWriter();
        try (Csv.Printer p = Csv.printer(w)) {
            p.row("id", "name").row(List.of(0, "cooking, baking"));
        }
        assertEquals("id,name\n0,\"cooking, baking\"\n", w.toString());
    }

    @Test
    void hostileValuesRoundTripThroughAFile() throws Exception {
        List<List<String>> rows = List.of(
                List.of("plain", "with, comma", "say \"hi\", twice"),
                List.of("two\nlines", "crlf\r\nend", "\"\""),
                List.of("  leading", "trailing  ", " both "),
                List.of("", "#hash", "!bang"),
                List.of("ünïcödé", "tab\tinside", "x"));
        Path f = tmp.resolve("round.csv");
        try (Writer out = Files.newBufferedWriter(f, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(out)) {
            for (List<String> r : rows) {
                p.row(r);
            }
        }
        List<Csv.Row> back = Csv.readAll(f);
        assertEquals(rows, back.stream().map(Csv.Row::fields).toList());
        assertEquals(List.of(1, 2, 5, 6, 7), back.stream().map(Csv.Row::line).toList(),
                "a record is numbered by the line it starts on");
        for (List<String> r : rows) {
            if (r.stream().noneMatch(s -> s.contains("\n") || s.contains("\r"))) {
                assertEquals(r, Csv.split(Csv.line(r)));
            }
        }
    }

    @Test
    void readingIsTolerant() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, "\uFEFFlabel , id\r\n\r\n   \n  spaced out  ,  \"  kept  \"  \r\n\"a\"\"b\",2");
        List<Csv.Row> rows = Csv.readAll(f);
        assertEquals(3, rows.size());
        assertEquals(new Csv.Row(1, List.of("label", "id")), rows.get(0));
        assertEquals(new Csv.Row(4, List.of("spaced out", "  kept  ")), rows.get(1));
        assertEquals(new Csv.Row(5, List.of("a\"b", "2")), rows.get(2));
        assertEquals(List.of("a", "b", "c"), Csv.split(" a, b ,c "));
        assertEquals(List.of(""), Csv.split(""));
    }

    @Test
    void unterminatedQuoteNamesTheLineItOpensOn() throws Exception {
        Path f = tmp.resolve("open.csv");
        Files.writeString(f, "label,id\nok,1\n\"broken,2\nnext,3\nlast,4\n");
        try (Csv.Records r = Csv.open(f)) {
            assertEquals("label", r.next().get(0));
            assertEquals("ok", r.next().get(0));
            CsvException e = assertThrows(CsvException.class, r::next);
            assertEquals(3, e.line());
            assertTrue(e.getMessage().startsWith(f + ":3: unterminated quote"), e.getMessage());
            assertNull(r.next(), "nothing is read past a broken quote");
        }
        Files.writeString(f, "a,b\n\"c,d");
        CsvException e = assertThrows(CsvException.class, () -> Csv.readAll(f));
        assertTrue(e.getMessage().startsWith(f + ":2: unterminated quote"), e.getMessage());
    }

    @Test
    void textAfterAClosingQuoteIsAnError() throws Exception {
        Path f = tmp.resolve("after.csv");
        Files.writeString(f, "a,b\n\"x\"y,z\n");
        CsvException e = assertThrows(CsvException.class, () -> Csv.readAll(f));
        assertTrue(e.getMessage().startsWith(f + ":2: text after a closing quote"), e.getMessage());
        // a stray quote that a later line closes: reported where it was opened
        Files.writeString(f, "a\n\"b,c\nd,\"e\"\n");
        e = assertThrows(CsvException.class, () -> Csv.readAll(f));
        assertTrue(e.getMessage().startsWith(f + ":2: text after a closing quote (line 3)"), e.getMessage());
    }

    @Test
    void splitRejectsBadQuotingWithoutALocation() {
        assertEquals("unterminated quote",
                assertThrows(IllegalArgumentException.class, () -> Csv.split("\"abc,d")).getMessage());
        assertEquals("text after a closing quote",
                assertThrows(IllegalArgumentException.class, () -> Csv.split("\"a\"b,c")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.split("a\nb"));
    }
}
