package dev.actionclip.prompts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * GPT-2/CLIP's reversible byte-to-character table: every UTF-8 byte maps to one printable character, so BPE
 * can work on strings without whitespace or control characters. Printable Latin-1 bytes map to themselves,
 * the remaining 68 bytes to U+0100 onwards, in byte order.
 */
final class ByteEncoder {
    /** The byte values in vocabulary order (the first 256 vocabulary entries follow this order). */
    private static final int[] ORDER = new int[256];
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        int k = 0;
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                ORDER[k++] = b;
                BYTE_TO_CHAR[b] = (char) b;
            }
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                ORDER[k++] = b;
                BYTE_TO_CHAR[b] = (char) (256 + n++);
            }
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteEncoder() {
    }

    /** The byte whose symbol is vocabulary entry {@code index} (0..255). */
    static int byteAt(int index) {
        return ORDER[index];
    }

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The string of byte symbols for the UTF-8 encoding of {@code text}. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            out[k] = BYTE_TO_CHAR[bytes[k] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Appends the bytes behind a string of byte symbols. Characters outside the table (only possible in a
     * foreign vocabulary) are written as their own UTF-8 bytes.
     */
    static void appendBytes(String symbols, ByteArrayOutputStream out) {
        for (int k = 0; k < symbols.length(); k++) {
            char c = symbols.charAt(k);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
    }

    /** UTF-8 decoding that replaces malformed sequences with U+FFFD, like Python's {@code errors="replace"}. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("unreachable with REPLACE", e);
        }
    }
}
