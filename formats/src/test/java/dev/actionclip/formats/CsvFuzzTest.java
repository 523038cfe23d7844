package dev.actionclip.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.actionclip.testsupport.Hostile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the CSV dialect every annotation, label and result file goes through: {@link Csv#readAll} on the bytes as
 * a file (bad quoting and bytes that are not UTF-8 must be a {@link CsvException} naming file:line) and
 * {@link Csv#split} on the text (an IllegalArgumentException). What is read, written back, reads the same.
 * Seeds: {@code CsvFuzzTestInputs/readAll/} ({@link SeedCorpus}).
 */
class CsvFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void readAll(byte[] input) {
        Path file = Hostile.file("csv/fuzz.csv", input);
        @SuppressWarnings("unchecked")
        List<Csv.Row>[] rows = new List[1];
        Throwable t = Hostile.check("Csv.readAll", input.length, () -> rows[0] = Csv.readAll(file), CsvException.class);
        if (t != null && !t.getMessage().startsWith(file + ":")) {
            throw new AssertionError("error does not start with file:line: " + t.getMessage(), t);
        }
        if (rows[0] != null) {
            for (Csv.Row r : rows[0]) {
                if (r.fields().stream().anyMatch(f -> f.contains("\n") || f.contains("\r"))) {
                    continue; // a quoted line break: a record of several lines, not for split()
                }
                List<String> back = Csv.split(Csv.line(r.fields()));
                if (!back.equals(r.fields())) {
                    throw new AssertionError("line " + r.line() + ": " + r.fields() + " written and read back is " + back);
                }
            }
        }
        String text = new String(input, StandardCharsets.UTF_8);
        Hostile.check("Csv.split", input.length, () -> Csv.split(text), IllegalArgumentException.class);
    }
}
