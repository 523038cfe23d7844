package dev.actionclip.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record (RFC 4180 quoting: {@code "a, b"} and {@code ""} for a quote; no line breaks inside
 * fields, which annotation files never use). Fields are trimmed outside quotes.
 */
final class Csv {
    private Csv() {
    }

    static List<String> split(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else if (!wasQuoted) {
                field.append(c);
            } else if (!Character.isWhitespace(c)) {
                throw new DatasetException(where + ": text after a closing quote");
            }
            i++;
        }
        if (quoted) {
            throw new DatasetException(where + ": unterminated quote");
        }
        out.add(wasQuoted ? field.toString() : field.toString().trim());
        return out;
    }

    /** Quotes a field when it needs it. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.strip().equals(s)) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
