package dev.actionclip.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * UTF-8 text files read strictly: bytes that are not UTF-8 (a label file saved as Latin-1, a binary file given by
 * mistake) are an {@link IllegalArgumentException} naming {@code file:line}, instead of the JDK's bare
 * "Input length = 1" or silently replaced characters.
 */
public final class TextFiles {
    private TextFiles() {
    }

    /** The lines of {@code file} as {@link Files#readAllLines} splits them (\n, \r\n or \r). */
    public static List<String> readLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = decoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(file, bytes);
        }
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            return r.lines().toList();
        }
    }

    /** The error for a file that is not UTF-8: {@code file:line: not UTF-8 text ...}. */
    public static IllegalArgumentException notUtf8(Path file) {
        try {
            return notUtf8(file, Files.readAllBytes(file));
        } catch (IOException e) {
            return new IllegalArgumentException(file + ": not UTF-8 text", e);
        }
    }

    private static IllegalArgumentException notUtf8(Path file, byte[] bytes) {
        int at = firstMalformed(bytes);
        return new IllegalArgumentException(file + (at >= 0 ? ":" + lineOf(bytes, at) : "") + ": " + problem(bytes, at));
    }

    /** What is wrong with a file that is not UTF-8, without the location. */
    static String problem(byte[] bytes, int at) {
        return "not UTF-8 text (byte " + (at >= 0 ? String.format("0x%02x at offset %d", bytes[at] & 0xff, at) : "?")
                + " is not valid UTF-8); save the file as UTF-8";
    }

    /** The 1-based line holding byte {@code at}, counting \n, \r\n and \r as line ends. */
    static int lineOf(byte[] bytes, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /** Offset of the first byte that is not valid UTF-8, or -1. */
    static int firstMalformed(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        CharsetDecoder d = decoder();
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                r = d.flush(out);
                return r.isError() ? in.position() : -1;
            }
            out.clear(); // overflow: the decoded text is not needed, only where decoding stops
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
