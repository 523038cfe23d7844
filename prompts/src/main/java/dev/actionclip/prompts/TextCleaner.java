package dev.actionclip.prompts;

import java.text.Normalizer;
import java.util.Locale;

/**
 * CLIP's text clean-up before pre-tokenisation: the parts of {@code ftfy.fix_text} that matter for
 * well-formed input (NFC, straight quotes, Latin ligatures spelled out, full-width forms narrowed, byte-order
 * marks dropped), HTML unescaping twice, whitespace runs collapsed to one space, trimmed, lower-cased.
 * Mojibake repair (the rest of ftfy) is not attempted.
 */
final class TextCleaner {
    private TextCleaner() {
    }

    static String clean(String text) {
        String t = Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
        t = fixPunctuation(t);
        t = HtmlEntities.unescape(HtmlEntities.unescape(t));
        return collapseWhitespace(t).toLowerCase(Locale.ROOT);
    }

    /**
     * ftfy's {@code uncurl_quotes}, {@code fix_latin_ligatures} and {@code fix_character_width} (the
     * U+FF01..U+FFEF forms as their NFKC equivalents), which CLIP's training text went through.
     */
    private static String fixPunctuation(String t) {
        StringBuilder b = null;
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            String r = null;
            if (c == '\u02bc' || (c >= '\u2018' && c <= '\u201b')) {
                r = "'";
            } else if (c >= '\u201c' && c <= '\u201f') {
                r = "\"";
            } else if (c == '\ufeff') {
                r = "";
            } else if (c >= '\uff01' && c <= '\uffef') {
                String n = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
                r = n.equals(String.valueOf(c)) ? null : n;
            } else if (c >= '\ufb00' && c <= '\ufb06') {
                r = LIGATURES[c - '\ufb00'];
            } else if (c == '\u0132' || c == '\u0133' || c == '\u0149' || c == '\u01c4' || c == '\u01c5'
                    || c == '\u01c6' || c == '\u01c7' || c == '\u01c8' || c == '\u01c9' || c == '\u01ca'
                    || c == '\u01cb' || c == '\u01cc' || c == '\u01f1' || c == '\u01f2' || c == '\u01f3') {
                r = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
            }
            if (r != null && b == null) {
                b = new StringBuilder(t.length()).append(t, 0, k);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? t : b.toString();
    }

    private static final String[] LIGATURES = {"ff", "fi", "fl", "ffi", "ffl", "ſt", "st"};

    /** Python's {@code re.sub(r'\s+', ' ', t).strip()}, with Python's notion of whitespace. */
    static String collapseWhitespace(String t) {
        StringBuilder b = new StringBuilder(t.length());
        boolean pendingSpace = false;
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (isSpace(c)) {
                pendingSpace = b.length() > 0;
            } else {
                if (pendingSpace) {
                    b.append(' ');
                    pendingSpace = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Python's {@code str.isspace()}: Java's whitespace plus the no-break spaces and NEL. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }
}
