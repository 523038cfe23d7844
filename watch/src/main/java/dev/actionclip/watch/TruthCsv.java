package dev.actionclip.watch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ground-truth segments as CSV: {@code label,start,end} (seconds), one segment a line, an optional header line
 * whose start is not a number. A label may be double-quoted (with {@code ""} for a quote) when it holds a comma.
 */
public final class TruthCsv {
    private TruthCsv() {
    }

    public static List<SegmentEvaluator.Segment> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SegmentEvaluator.Segment> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = split(line, file, n + 1);
            if (cells.size() != 3) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": expected label,start,end, got "
                        + cells.size() + " fields");
            }
            double start;
            double end;
            try {
                start = Double.parseDouble(cells.get(1).strip());
                end = Double.parseDouble(cells.get(2).strip());
            } catch (NumberFormatException e) {
                if (out.isEmpty() && n == firstNonBlank(lines)) {
                    continue; // header
                }
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": start and end must be seconds, got '"
                        + cells.get(1) + "', '" + cells.get(2) + "'");
            }
            try {
                out.add(new SegmentEvaluator.Segment(cells.get(0).strip(), start, end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes segments in the format {@link #read} reads, with a header. */
    public static void write(Path file, List<SegmentEvaluator.Segment> segments) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("label,start,end\n");
            for (SegmentEvaluator.Segment s : segments) {
                w.write(String.format(Locale.ROOT, "%s,%.3f,%.3f%n", dev.actionclip.formats.Csv.quote(s.label()),
                        s.start(), s.end()));
            }
        }
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> split(String line, Path file, int lineNo) {
        try {
            return dev.actionclip.formats.Csv.split(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
        }
    }
}
