package dev.actionclip.watch;

import dev.actionclip.formats.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An optional per-window log, JSONL: {@code {"start":..,"end":..,"top":[{"label":..,"score":..},..]}} with the
 * {@code k} best labels of each window. Lines are flushed as written. With several sources, each line starts with
 * its {@code source} ({@link #accept(String, ScoredWindow)}); lines may come from several threads.
 */
public final class ScoreLog implements Consumer<ScoredWindow>, AutoCloseable {
    private final Writer out;
    private final List<String> labels;
    private final int k;
    private final String name;

    public ScoreLog(Writer out, List<String> labels, int k, String name) {
        if (k < 1) {
            throw new IllegalArgumentException("score log needs at least 1 top label, got " + k);
        }
        this.out = out;
        this.labels = List.copyOf(labels);
        this.k = k;
        this.name = name;
    }

    public static ScoreLog open(Path path, List<String> labels, int k) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        return new ScoreLog(w, labels, k, path.toString());
    }

    @Override
    public void accept(ScoredWindow w) {
        accept(null, w);
    }

    /** One window of {@code source}, written first on its line; {@code null} leaves the source out. */
    public synchronized void accept(String source, ScoredWindow w) {
        float[] s = w.scores();
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        // Stable sort: ties keep label order.
        java.util.Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]));
        List<Object> top = new ArrayList<>();
        for (int i = 0; i < Math.min(k, s.length); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", labels.get(order[i]));
            e.put("score", EventWriter.round(s[order[i]], 4));
            top.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (source != null) {
            m.put("source", source);
        }
        m.put("start", EventWriter.round(w.start(), 3));
        m.put("end", EventWriter.round(w.end(), 3));
        m.put("top", top);
        try {
            out.write(Json.write(m));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score log " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
