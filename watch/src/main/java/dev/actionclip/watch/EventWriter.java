package dev.actionclip.watch;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes events as they close, one per line, flushing each line so a reader tailing the file (or a pipe) sees an
 * event as soon as it ends. JSONL lines hold {@code label, start, end, peak_score, duration}; CSV has the header
 * {@code label,start,end,peak_score}. Times are seconds with 3 decimals. Usable directly as the detector's
 * listener.
 */
public final class EventWriter implements Consumer<Event>, AutoCloseable {
    /** Output format. */
    public enum Format { JSONL, CSV }

    private final Writer out;
    private final Format format;
    private final String name;

    public EventWriter(Writer out, Format format, String name) {
        this.out = out;
        this.format = format;
        this.name = name;
        if (format == Format.CSV) {
            line(Csv.line("label", "start", "end", "peak_score"));
        }
    }

    /** Opens a file; {@code .csv} gives CSV, anything else JSONL. */
    public static EventWriter open(Path path) throws IOException {
        Format f = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? Format.CSV : Format.JSONL;
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        return new EventWriter(w, f, path.toString());
    }

    @Override
    public void accept(Event e) {
        write(e);
    }

    public void write(Event e) {
        if (format == Format.CSV) {
            line(Csv.line(e.label(), fixed(e.start(), 3), fixed(e.end(), 3), fixed(e.peakScore(), 4)));
        } else {
            line(Json.write(toMap(e)));
        }
    }

    /** The JSON object of one event (also used by the timeline and reports). */
    public static Map<String, Object> toMap(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", e.label());
        m.put("start", round(e.start(), 3));
        m.put("end", round(e.end(), 3));
        m.put("peak_score", round(e.peakScore(), 4));
        m.put("duration", round(e.duration(), 3));
        return m;
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private void line(String s) {
        try {
            out.write(s);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events to " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
