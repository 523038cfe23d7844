package dev.actionclip.watch;

import dev.actionclip.formats.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ground-truth segments as CSV ({@link Csv} dialect): {@code label,start,end} (seconds), one segment a line, an
 * optional header line whose start is not a number. A label holding a comma or quote is quoted.
 */
public final class TruthCsv {
    private TruthCsv() {
    }

    public static List<SegmentEvaluator.Segment> read(Path file) throws IOException {
        List<SegmentEvaluator.Segment> out = new ArrayList<>();
        boolean first = true;
        for (Csv.Row row : Csv.readAll(file)) {
            String where = file + ":" + row.line();
            boolean header = first;
            first = false;
            if (row.size() != 3) {
                throw new IllegalArgumentException(where + ": expected label,start,end, got " + row.size() + " fields");
            }
            String label = row.get(0).strip();
            if (label.contains("\n") || label.contains("\r")) {
                // CSV lets a quoted field span lines; in a truth label it is a quote left open
                throw new IllegalArgumentException(where + ": the label runs over several lines (a quote left open?)");
            }
            double start;
            double end;
            try {
                start = Double.parseDouble(row.get(1));
                end = Double.parseDouble(row.get(2));
            } catch (NumberFormatException e) {
                if (header) {
                    continue;
                }
                throw new IllegalArgumentException(where + ": start and end must be seconds, got '" + row.get(1)
                        + "', '" + row.get(2) + "'");
            }
            try {
                out.add(new SegmentEvaluator.Segment(label, start, end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes segments in the format {@link #read} reads, with a header. */
    public static void write(Path file, List<SegmentEvaluator.Segment> segments) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Csv.Printer p = Csv.printer(w)) {
            p.row("label", "start", "end");
            for (SegmentEvaluator.Segment s : segments) {
                p.row(s.label(), String.format(Locale.ROOT, "%.3f", s.start()),
                        String.format(Locale.ROOT, "%.3f", s.end()));
            }
        }
    }
}
