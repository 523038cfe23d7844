package dev.actionclip.prompts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes HTML character references the way Python's {@code html.unescape} does: numeric references (with
 * the HTML5 replacements for C1 and invalid code points) and named references, including the legacy names
 * browsers accept without a trailing semicolon ({@code &amp} → {@code &}, {@code &notit;} → {@code ¬it;}).
 * The named set is the HTML 4 list plus {@code &apos;} (resource {@code html-entities.tsv}); unknown names
 * are left as they are.
 */
final class HtmlEntities {
    /** Longest name the HTML5 tokenizer (and Python) considers, semicolon excluded. */
    private static final int MAX_NAME = 32;
    /** Keys are "name;" and, for legacy entities, also "name". */
    private static final Map<String, String> NAMED = load();
    /** Windows-1252 meanings the HTML5 spec gives numeric references 0x80..0x9F, plus 0x00 and 0x0D. */
    private static final String C1 = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
            + "\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
            + "\u0153\u009d\u017e\u0178";

    private HtmlEntities() {
    }

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>();
        try (InputStream in = HtmlEntities.class.getResourceAsStream("html-entities.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource html-entities.tsv missing from the prompts jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                String value = new String(Character.toChars(Integer.parseInt(f[1], 16)));
                m.put(f[0] + ";", value);
                if (f.length > 2 && f[2].equals("legacy")) {
                    m.put(f[0], value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** {@code text} with every character reference replaced. */
    static String unescape(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (amp >= 0) {
            out.append(text, i, amp);
            i = amp + 1 < text.length() && text.charAt(amp + 1) == '#'
                    ? numeric(text, amp, out) : named(text, amp, out);
            amp = text.indexOf('&', i);
        }
        out.append(text, i, text.length());
        return out.toString();
    }

    /** Handles "&#..." at {@code amp}; returns the index after what was consumed. */
    private static int numeric(String t, int amp, StringBuilder out) {
        int p = amp + 2;
        boolean hex = p < t.length() && (t.charAt(p) == 'x' || t.charAt(p) == 'X');
        int start = hex ? p + 1 : p;
        int end = start;
        while (end < t.length() && (hex ? isHexDigit(t.charAt(end)) : isDigit(t.charAt(end)))) {
            end++;
        }
        if (end == start) {
            out.append('&');
            return amp + 1;
        }
        long num = 0;
        for (int k = start; k < end; k++) {
            num = num * (hex ? 16 : 10) + Character.digit(t.charAt(k), 16);
            if (num > 0x10FFFF) {
                num = 0x110000; // saturate: anything above the Unicode range is replaced alike
            }
        }
        if (end < t.length() && t.charAt(end) == ';') {
            end++;
        }
        out.append(codePoint((int) num));
        return end;
    }

    private static String codePoint(int num) {
        if (num == 0) {
            return "\ufffd";
        }
        if (num == 0x0D) {
            return "\r";
        }
        if (num >= 0x80 && num <= 0x9F) {
            return String.valueOf(C1.charAt(num - 0x80));
        }
        if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
            return "\ufffd";
        }
        boolean invalid = (num >= 0x1 && num <= 0x8) || num == 0xB || (num >= 0xE && num <= 0x1F)
                || num == 0x7F || (num >= 0xFDD0 && num <= 0xFDEF) || (num & 0xFFFE) == 0xFFFE;
        return invalid ? "" : new String(Character.toChars(num));
    }

    /** Handles "&name" at {@code amp}; returns the index after what was consumed. */
    private static int named(String t, int amp, StringBuilder out) {
        int start = amp + 1;
        int end = start;
        while (end < t.length() && end - start < MAX_NAME && !isNameStop(t.charAt(end))) {
            end++;
        }
        if (end == start) {
            out.append('&');
            return start;
        }
        boolean semi = end < t.length() && t.charAt(end) == ';';
        String name = t.substring(start, semi ? end + 1 : end);
        String v = NAMED.get(name);
        if (v != null) {
            out.append(v);
            return start + name.length();
        }
        // Longest legacy prefix (at least two characters), the rest of the name stays literal.
        for (int len = name.length() - 1; len >= 2; len--) {
            v = NAMED.get(name.substring(0, len));
            if (v != null) {
                out.append(v).append(name, len, name.length());
                return start + name.length();
            }
        }
        out.append('&').append(name);
        return start + name.length();
    }

    private static boolean isNameStop(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
