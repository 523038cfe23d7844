package dev.actionclip.watch;

import dev.actionclip.formats.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ground-truth segments as CSV ({@link Csv} dialect): {@code label,start,end} (seconds), one segment a line, an
 * optional header line whose start is not a number. A label holding a comma or quote is quoted. A truth file for
 * several sources puts the source first, {@code source,label,start,end}, the source spelled as given to
 * {@code watch}; every line of a file has the same number of fields.
 */
public final class TruthCsv {
    private TruthCsv() {
    }

    /** A {@code label,start,end} file. */
    public static List<SegmentEvaluator.Segment> read(Path file) throws IOException {
        Map<String, List<SegmentEvaluator.Segment>> one = parse(file, false);
        return one.isEmpty() ? new ArrayList<>() : one.get("");
    }

    /**
     * The true segments of each of {@code sources}, in their order: from a {@code source,label,start,end} file, the
     * rows of that source (none: no true segments); from a {@code label,start,end} file, all rows, which needs a
     * single source. Rows of sources not watched are ignored (one file may cover a whole data set), unless a
     * watched source has no rows at all: then the names most likely differ in spelling, and that is an error.
     */
    public static List<List<SegmentEvaluator.Segment>> read(Path file, List<String> sources) throws IOException {
        Map<String, List<SegmentEvaluator.Segment>> rows = parse(file, true);
        List<List<SegmentEvaluator.Segment>> out = new ArrayList<>(sources.size());
        if (rows.containsKey(null)) {
            if (sources.size() != 1) {
                throw new IllegalArgumentException(file + ": with " + sources.size() + " sources the truth needs a "
                        + "source column: source,label,start,end");
            }
            out.add(rows.get(null));
            return out;
        }
        TreeSet<String> unwatched = new TreeSet<>(rows.keySet());
        List<String> missing = new ArrayList<>();
        for (String s : sources) {
            String key = s.strip();
            unwatched.remove(key);
            List<SegmentEvaluator.Segment> mine = rows.get(key);
            if (mine == null) {
                missing.add(key);
            }
            out.add(mine == null ? new ArrayList<>() : mine);
        }
        if (!missing.isEmpty() && !unwatched.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows for " + String.join(", ", missing) + "; its sources "
                    + "are " + String.join(", ", unwatched) + " (spell each source as given on the command line)");
        }
        return out;
    }

    /**
     * Rows by source in file order; a file without a source column (allowed when {@code sourced}) gives its rows
     * under the key {@code null}.
     */
    private static Map<String, List<SegmentEvaluator.Segment>> parse(Path file, boolean sourced) throws IOException {
        Map<String, List<SegmentEvaluator.Segment>> out = new LinkedHashMap<>();
        int width = -1;
        for (Csv.Row row : Csv.readAll(file)) {
            String where = file + ":" + row.line();
            boolean header = width < 0;
            if (header) {
                width = row.size();
                if (width != 3 && !(sourced && width == 4)) {
                    throw new IllegalArgumentException(where + ": expected " + (sourced ? "source,label,start,end or "
                            : "") + "label,start,end, got " + width + " fields");
                }
            } else if (row.size() != width) {
                throw new IllegalArgumentException(where + ": expected " + (width == 4 ? "source,label,start,end"
                        : "label,start,end") + ", got " + row.size() + " fields");
            }
            int at = width - 3;
            String source = at == 0 ? (sourced ? null : "") : row.get(0).strip();
            String label = row.get(at).strip();
            if (label.contains("\n") || label.contains("\r") || source != null && (source.contains("\n")
                    || source.contains("\r"))) {
                // CSV lets a quoted field span lines; in a truth file it is a quote left open
                throw new IllegalArgumentException(where + ": the " + (label.contains("\n") || label.contains("\r")
                        ? "label" : "source") + " runs over several lines (a quote left open?)");
            }
            double start;
            double end;
            try {
                start = Double.parseDouble(row.get(at + 1));
                end = Double.parseDouble(row.get(at + 2));
            } catch (NumberFormatException e) {
                if (header) {
                    continue;
                }
                throw new IllegalArgumentException(where + ": start and end must be seconds, got '" + row.get(at + 1)
                        + "', '" + row.get(at + 2) + "'");
            }
            try {
                out.computeIfAbsent(source, k -> new ArrayList<>())
                        .add(new SegmentEvaluator.Segment(label, start, end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        if (width == 3 && sourced && out.isEmpty()) {
            out.put(null, new ArrayList<>());
        }
        return out;
    }

    /** Writes segments in the format {@link #read} reads, with a header. */
    public static void write(Path file, List<SegmentEvaluator.Segment> segments) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            p.row("label", "start", "end");
            for (SegmentEvaluator.Segment s : segments) {
                p.row(s.label(), seconds(s.start()), seconds(s.end()));
            }
        }
    }

    /** Writes the segments of several sources, {@code source,label,start,end} with a header. */
    public static void writeBySource(Path file, Map<String, List<SegmentEvaluator.Segment>> segments)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            p.row("source", "label", "start", "end");
            for (Map.Entry<String, List<SegmentEvaluator.Segment>> e : segments.entrySet()) {
                for (SegmentEvaluator.Segment s : e.getValue()) {
                    p.row(e.getKey(), s.label(), seconds(s.start()), seconds(s.end()));
                }
            }
        }
    }

    private static String seconds(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
