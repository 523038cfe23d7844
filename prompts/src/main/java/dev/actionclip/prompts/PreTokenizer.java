package dev.actionclip.prompts;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits cleaned text like CLIP's pattern
 * {@code <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+}
 * (case-insensitive), scanning code points instead of running a regex: alternatives are tried in that
 * order at each position and whitespace between matches is skipped.
 */
final class PreTokenizer {
    static final String SOT_TEXT = "<|startoftext|>";
    static final String EOT_TEXT = "<|endoftext|>";
    private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};

    private PreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int c = text.codePointAt(i);
            int end;
            if (c == '<' && text.regionMatches(true, i, SOT_TEXT, 0, SOT_TEXT.length())) {
                end = i + SOT_TEXT.length();
            } else if (c == '<' && text.regionMatches(true, i, EOT_TEXT, 0, EOT_TEXT.length())) {
                end = i + EOT_TEXT.length();
            } else if (c == '\'' && (end = contraction(text, i)) > 0) {
                // end set by contraction()
                assert end > i;
            } else if (isLetter(c)) {
                end = i;
                while (end < n && isLetter(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
            } else if (isNumber(c)) {
                end = i + Character.charCount(c);
            } else if (isRegexSpace(c)) {
                i += Character.charCount(c);
                continue;
            } else {
                end = i;
                while (end < n) {
                    int d = text.codePointAt(end);
                    if (isLetter(d) || isNumber(d) || isRegexSpace(d)) {
                        break;
                    }
                    end += Character.charCount(d);
                }
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    /** End index of a contraction starting with the apostrophe at {@code i}, or -1. */
    private static int contraction(String t, int i) {
        for (String s : CONTRACTIONS) {
            if (t.regionMatches(true, i + 1, s, 0, s.length())) {
                return i + 1 + s.length();
            }
        }
        return -1;
    }

    static boolean isLetter(int c) {
        return Character.isLetter(c);
    }

    static boolean isNumber(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** The regex module's {@code \s}: Unicode White_Space (after cleaning only ' ' can occur anyway). */
    private static boolean isRegexSpace(int c) {
        return TextCleaner.isSpace(c);
    }
}
