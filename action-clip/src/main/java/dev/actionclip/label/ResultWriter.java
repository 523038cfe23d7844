package dev.actionclip.label;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import dev.actionclip.zeroshot.TopK;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one row per video as CSV or JSONL. Each row is written with a single append and flushed, so a killed
 * run leaves at most one torn last line, which {@link #openForResume} cuts off before appending.
 *
 * <p>CSV columns: {@code path,label_1,prob_1,...,label_k,prob_k,error}. JSONL fields: {@code path},
 * {@code top} (list of {@code {label, probability}}), {@code error} (null on success).
 */
public final class ResultWriter implements AutoCloseable {
    public enum Format { CSV, JSONL }

    private final Format format;
    private final int topK;
    private final FileChannel channel;
    private final PrintStream stdout;

    private ResultWriter(Format format, int topK, FileChannel channel, PrintStream stdout) {
        this.format = format;
        this.topK = topK;
        this.channel = channel;
        this.stdout = stdout;
    }

    /** Rows to standard output. */
    public static ResultWriter toStdout(Format format, int topK, PrintStream out) {
        ResultWriter w = new ResultWriter(format, topK, null, out);
        w.writeHeader();
        return w;
    }

    /** A new output file (replaces an existing one). */
    public static ResultWriter create(Path file, Format format, int topK) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ResultWriter w = new ResultWriter(format, topK, ch, null);
        w.writeHeader();
        return w;
    }

    /**
     * Opens {@code file} for appending after a killed run: a torn last line is removed, and the paths that
     * already have a row are put in {@code done}. A missing or empty file starts afresh with a header.
     */
    public static ResultWriter openForResume(Path file, Format format, int topK, Set<String> done) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return create(file, format, topK);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long keep = lastNewline(ch) + 1;
        ch.truncate(keep);
        ch.position(keep);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        done.addAll(paths(text, format));
        ResultWriter w = new ResultWriter(format, topK, ch, null);
        if (keep == 0) {
            w.writeHeader();
        }
        return w;
    }

    private static long lastNewline(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            ch.read(one, pos);
            if (one.get(0) == '\n') {
                return pos;
            }
        }
        return -1;
    }

    /**
     * The paths of the complete rows of an output file's text. Read line by line, not as a CSV stream, so that one
     * damaged line costs only its own row: our rows are single lines (error texts are flattened, labels cannot hold
     * line breaks), and a path with a line break in it merely has its video run again.
     */
    static Set<String> paths(String text, Format format) {
        Set<String> done = new HashSet<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (format == Format.JSONL) {
                try {
                    Object p = Json.parseObject(line).get("path");
                    if (p != null) {
                        done.add(p.toString());
                    }
                } catch (IllegalArgumentException torn) {
                    // an unreadable line has no valid row: its video runs again
                }
            } else if (i > 0 || !line.startsWith("path,")) {
                try {
                    done.add(Csv.split(line).get(0));
                } catch (IllegalArgumentException damaged) {
                    // an unreadable line has no valid row: its video runs again
                }
            }
        }
        return done;
    }

    private void writeHeader() {
        if (format != Format.CSV) {
            return;
        }
        List<String> h = new ArrayList<>();
        h.add("path");
        for (int i = 1; i <= topK; i++) {
            h.add("label_" + i);
            h.add("prob_" + i);
        }
        h.add("error");
        emit(Csv.line(h));
    }

    public synchronized void success(String path, List<TopK.Entry> top) {
        if (format == Format.JSONL) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", path);
            List<Object> t = new ArrayList<>();
            for (TopK.Entry e : top) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("label", e.label());
                m.put("probability", round(e.probability()));
                t.add(m);
            }
            row.put("top", t);
            row.put("error", null);
            emit(Json.write(row));
        } else {
            List<String> f = new ArrayList<>();
            f.add(path);
            for (int i = 0; i < topK; i++) {
                f.add(i < top.size() ? top.get(i).label() : "");
                f.add(i < top.size() ? String.format(Locale.ROOT, "%.6f", top.get(i).probability()) : "");
            }
            f.add("");
            emit(Csv.line(f));
        }
    }

    public synchronized void failure(String path, String error) {
        String oneLine = error == null ? "unknown error" : error.replace('\n', ' ').replace('\r', ' ');
        if (format == Format.JSONL) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", path);
            row.put("top", List.of());
            row.put("error", oneLine);
            emit(Json.write(row));
        } else {
            List<String> f = new ArrayList<>();
            f.add(path);
            for (int i = 0; i < 2 * topK; i++) {
                f.add("");
            }
            f.add(oneLine);
            emit(Csv.line(f));
        }
    }

    private static double round(float p) {
        return Math.round(p * 1e6) / 1e6;
    }

    private void emit(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel == null) {
            stdout.print(line + "\n");
            stdout.flush();
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        } else {
            stdout.flush();
        }
    }
}
