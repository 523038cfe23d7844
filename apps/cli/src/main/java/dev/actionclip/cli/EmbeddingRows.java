package dev.actionclip.cli;

import dev.actionclip.formats.Csv;
import dev.actionclip.formats.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code embed-text} and {@code embed-image}: JSONL {@code {"<key>": name, "embedding": [...]}} or CSV
 * {@code <key>,e0,e1,...} (the header is written with the first row, when the width is known). Numbers are
 * written as Java's shortest float representation in both, so the two formats carry the same values.
 */
final class EmbeddingRows {
    private final PrintWriter out;
    private final FormatOption.Format format;
    private final String key;
    private boolean header;

    EmbeddingRows(PrintWriter out, FormatOption.Format format, String key) {
        this.out = out;
        this.format = format;
        this.key = key;
    }

    void row(String name, float[] embedding) {
        if (format == FormatOption.Format.CSV) {
            if (!header) {
                List<Object> h = new ArrayList<>(embedding.length + 1);
                h.add(key);
                for (int i = 0; i < embedding.length; i++) {
                    h.add("e" + i);
                }
                out.println(Csv.line(h));
                header = true;
            }
            List<Object> r = new ArrayList<>(embedding.length + 1);
            r.add(name);
            for (float v : embedding) {
                r.add(Float.isFinite(v) ? Float.toString(v) : "");
            }
            out.println(Csv.line(r));
        } else {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put(key, name);
            line.put("embedding", embedding);
            out.println(Json.write(line));
        }
    }
}
