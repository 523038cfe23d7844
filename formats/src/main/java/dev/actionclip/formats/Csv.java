package dev.actionclip.formats;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record at a time (RFC 4180 quoting: {@code "a, b"}, {@code ""} for a quote; no line breaks inside
 * fields, which annotation and result files never use). Unquoted fields are trimmed, quoted ones kept as they are.
 */
public final class Csv {
    private Csv() {
    }

    /** The fields of {@code line}; an unterminated quote or text after a closing quote is an error. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
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
                throw new IllegalArgumentException("text after a closing quote");
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        out.add(wasQuoted ? field.toString() : field.toString().trim());
        return out;
    }

    /** {@code s} as one field: quoted when it holds a comma, quote, line break or surrounding spaces. */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                && s.strip().equals(s)) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
