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
 * listener. A writer made {@code withSource} (several sources watched at once) puts the event's source first:
 * JSONL {@code source, label, ...}, CSV {@code source,label,start,end,peak_score}.
 */
public final class EventWriter implements Consumer<Event>, AutoCloseable {
    /** Output format. */
    public enum Format { JSONL, CSV }

    private final Writer out;
    private final Format format;
    private final String name;
    private final boolean withSource;

    public EventWriter(Writer out, Format format, String name) {
        this(out, format, name, false);
    }

    /** @param withSource rows carry a {@code source} column (written with {@link #write(String, Event)}) */
    public EventWriter(Writer out, Format format, String name, boolean withSource) {
        this.out = out;
        this.format = format;
        this.name = name;
        this.withSource = withSource;
        if (format == Format.CSV) {
            line(withSource ? Csv.line("source", "label", "start", "end", "peak_score")
                    : Csv.line("label", "start", "end", "peak_score"));
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
        if (withSource) {
            write("", e);
            return;
        }
        if (format == Format.CSV) {
            line(Csv.line(e.label(), fixed(e.start(), 3), fixed(e.end(), 3), fixed(e.peakScore(), 4)));
        } else {
            line(Json.write(toMap(e)));
        }
    }

    /** One event of {@code source} (the source column is written only by a writer made {@code withSource}). */
    public synchronized void write(String source, Event e) {
        if (!withSource) {
            write(e);
        } else if (format == Format.CSV) {
            line(Csv.line(source, e.label(), fixed(e.start(), 3), fixed(e.end(), 3), fixed(e.peakScore(), 4)));
        } else {
            line(Json.write(toMap(source, e)));
        }
    }

    /** The JSON object of one event of {@code source}: {@code source} first, then {@link #toMap(Event)}. */
    public static Map<String, Object> toMap(String source, Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.putAll(toMap(e));
        return m;
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
