package dev.actionclip.formats;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * The project's one CSV dialect, on Apache Commons CSV. Every CSV the project writes or reads goes through here,
 * so there is one quoting rule and one reading rule.
 *
 * <p><b>Writing</b>: comma, double quote, {@code \n} after each record, {@link QuoteMode#MINIMAL}: a field is
 * quoted when it holds a comma, a quote (doubled inside), CR or LF &mdash; as Python's {@code csv} module writes
 * &mdash; and also when it starts or ends with whitespace, starts with {@code #} or {@code !}, or is an empty first
 * field. Python leaves surrounding spaces bare, but our readers trim unquoted fields, so quoting them is what lets
 * such values round-trip; every extra quote is one Python's reader undoes too. Ordinary values (no comma, quote,
 * line break or surrounding space) are never quoted.
 *
 * <p><b>Reading</b>: RFC 4180 quoting; unquoted fields are trimmed, quoted ones kept exactly; blank lines and a
 * UTF-8 byte order mark are skipped. A quoted field may span lines, as Python writes a value holding a line break;
 * a record is numbered by the line it starts on, so a quote left open is reported at the line that opened it
 * rather than swallowing the rest of the file unnoticed. Text after a closing quote is an error.
 */
public final class Csv {
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder()
            .setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.MINIMAL)
            .get();
    /** As {@link #WRITE} without the record separator: one record as a string, for writers that add it. */
    private static final CSVFormat WRITE_LINE = WRITE.builder().setRecordSeparator((String) null).get();
    // Empty lines are not ignored by the parser: each one is a record of its own, which keeps the parser's line
    // count equal to the start line of the next record. Blank records are dropped in Records.next() instead.
    private static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false)
            .get();

    private Csv() {
    }

    /** One record and the line of the file it starts on (1-based). */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }

        public int size() {
            return fields.size();
        }

        public String get(int i) {
            return fields.get(i);
        }
    }

    // ---------------------------------------------------------------- writing

    /** {@code fields} as one record without a line break ({@code null} is an empty field). */
    public static String line(Object... fields) {
        StringBuilder sb = new StringBuilder();
        try {
            WRITE_LINE.printRecord(sb, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /** {@code fields} as one record without a line break. */
    public static String line(List<?> fields) {
        return line(fields.toArray());
    }

    /** Records to {@code out}, each ending with {@code \n}. Closing the printer closes {@code out}. */
    public static Printer printer(Appendable out) throws IOException {
        return new Printer(new CSVPrinter(out, WRITE));
    }

    /** Writes records in the project's dialect. */
    public static final class Printer implements Closeable, Flushable {
        private final CSVPrinter out;

        private Printer(CSVPrinter out) {
            this.out = out;
        }

        public Printer row(Object... fields) throws IOException {
            out.printRecord(fields);
            return this;
        }

        public Printer row(List<?> fields) throws IOException {
            out.printRecord(fields);
            return this;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * The fields of one line, e.g. a row of a file read line by line or an inline list. An unterminated quote,
     * text after a closing quote or a line break outside quotes is an {@link IllegalArgumentException} without
     * a location: the caller knows where the line came from.
     */
    public static List<String> split(String line) {
        try (Records r = new Records(new java.io.StringReader(line), "", null)) {
            Row row = r.parse();
            if (row == null) {
                return List.of("");
            }
            if (r.parse() != null) {
                throw new IllegalArgumentException("more than one line");
            }
            return row.fields();
        } catch (CsvException e) {
            throw new IllegalArgumentException(e.problem(), e);
        }
    }

    /** Opens {@code file} (UTF-8) for reading records; errors name {@code file:line}. */
    public static Records open(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            return new Records(in, file.toString(), file);
        } catch (CharacterCodingException e) {
            in.close();
            throw notUtf8(file, 1, e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Every record of {@code file}; the first bad record throws {@link CsvException}. */
    public static List<Row> readAll(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Records r = open(file)) {
            for (Row row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The records of one file in order, blank lines skipped. After a {@link CsvException} the reader is done
     * ({@link #next} returns null): past a broken quote, where records start is no longer known.
     */
    public static final class Records implements Closeable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final String source;
        private final Path file;
        private boolean done;

        private Records(Reader in, String source, Path file) {
            try {
                this.parser = CSVParser.builder().setReader(in).setFormat(READ).get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
            }
            this.records = parser.iterator();
            this.source = source;
            this.file = file;
        }

        /** The next non-blank record, or null at the end. */
        public Row next() {
            for (Row row = parse(); row != null; row = parse()) {
                if (row.size() > 1 || !row.get(0).isEmpty()) {
                    return row;
                }
            }
            return null;
        }

        /** The next record, blank ones included (a blank line is one empty field). */
        private Row parse() {
            if (done) {
                return null;
            }
            // the parser has consumed whole lines so far, so the next record starts on the following one
            int start = (int) parser.getCurrentLineNumber() + 1;
            try {
                if (!records.hasNext()) {
                    done = true;
                    return null;
                }
                return new Row(start, records.next().toList());
            } catch (UncheckedIOException e) {
                done = true;
                if (e.getCause() instanceof CSVException bad) {
                    throw new CsvException(source, start, describe(bad, start, parser.getCurrentLineNumber()), bad);
                }
                if (e.getCause() instanceof CharacterCodingException bad && file != null) {
                    throw notUtf8(file, start, bad);
                }
                throw new UncheckedIOException("cannot read " + source + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + source + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A file that is not UTF-8, at the line of its first bad byte. The reader decodes ahead of the parser (a buffer
     * at a time), so the line comes from the file's bytes, not from where parsing stopped.
     */
    private static CsvException notUtf8(Path file, int fallbackLine, CharacterCodingException cause) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int at = TextFiles.firstMalformed(bytes);
            return new CsvException(file.toString(), at >= 0 ? TextFiles.lineOf(bytes, at) : fallbackLine,
                    TextFiles.problem(bytes, at), cause);
        } catch (IOException e) {
            return new CsvException(file.toString(), fallbackLine, "not UTF-8 text", cause);
        }
    }

    /** Commons CSV's message in the terms of the file's author. */
    private static String describe(CSVException e, int start, long now) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("EOF")) {
            return now > start
                    ? "unterminated quote: the quoted field opened on this line is still open at the end of the file"
                    : "unterminated quote";
        }
        String at = now > start ? " (line " + now + ")" : "";
        if (m.contains("between encapsulated token and delimiter")) {
            return "text after a closing quote" + at
                    + (now > start ? "; a quote opened on this line is unbalanced" : "");
        }
        return "malformed CSV" + at + ": " + m;
    }
}
