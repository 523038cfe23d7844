package dev.actionclip.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON reading and writing on Jackson's streaming API. Objects become {@link LinkedHashMap} (key order kept,
 * a repeated key keeps its first position and its last value), arrays {@link ArrayList}, integers {@link Long}
 * (those beyond the long range {@link Double}), other numbers {@link Double}, plus String, Boolean and null.
 * Errors are {@link IllegalArgumentException}s reading "JSON: what at line L, column C".
 */
public final class Json {
    /** Deepest nesting accepted: real configs and headers nest a few levels; this refuses hostile input early. */
    public static final int MAX_DEPTH = 1_000;
    /** Longest document accepted, in chars: safetensors headers stop at 100 MB and vocabularies are a few MB. */
    public static final long MAX_DOCUMENT_CHARS = 256L << 20;
    /** Longest number accepted, in chars: converting huge digit strings costs quadratic time. */
    public static final int MAX_NUMBER_CHARS = 1_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_DOCUMENT_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            // also bounds writing, so a map that contains itself fails cleanly instead of overflowing the stack
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            // Double.toString / Float.toString keep written files byte-identical to the earlier hand-written writer
            .disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final CharacterEscapes ESCAPES = new LegacyEscapes();
    /** The source description Jackson puts in nested locations; it only ever says "REDACTED" here. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; ");

    private Json() {
    }

    /** Parses one JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new IllegalArgumentException("JSON: document of " + text.length() + " chars exceeds the limit of "
                    + MAX_DOCUMENT_CHARS + " at line 1, column 1");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            Object root;
            try {
                root = readValue(p);
            } catch (JsonProcessingException e) { // syntax errors and StreamConstraintsException alike
                throw error("", e, p);
            }
            try {
                if (p.nextToken() != null) {
                    throw error("trailing characters", p.currentTokenLocation(), null);
                }
            } catch (JsonProcessingException e) { // e.g. "{} x": Jackson reports the bad token; say it trails
                throw error("trailing characters: ", e, p);
            }
            return root;
        } catch (IOException e) {
            // a String source has no I/O: only opening or closing the parser could get here
            throw new IllegalArgumentException("JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /**
     * Builds the value tree from the token stream with an explicit stack of open containers, so input depth
     * never becomes Java stack depth; Jackson's maxNestingDepth keeps that stack at most {@link #MAX_DEPTH}.
     */
    @SuppressWarnings("unchecked")
    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw error("no JSON value", p.currentLocation(), null);
        }
        ArrayDeque<Object> open = new ArrayDeque<>();
        String key = null; // the field name awaiting its value in the innermost open object
        Object root = null;
        do {
            Object v;
            switch (t) {
                case FIELD_NAME:
                    key = p.currentName();
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    open.pop();
                    continue;
                case START_OBJECT: v = new LinkedHashMap<String, Object>(); break;
                case START_ARRAY: v = new ArrayList<Object>(); break;
                case VALUE_STRING: v = p.getText(); break;
                case VALUE_NUMBER_INT: v = integer(p); break;
                case VALUE_NUMBER_FLOAT: v = p.getDoubleValue(); break;
                case VALUE_TRUE: v = Boolean.TRUE; break;
                case VALUE_FALSE: v = Boolean.FALSE; break;
                case VALUE_NULL: v = null; break;
                default: throw error("unexpected token " + t, p.currentTokenLocation(), null);
            }
            Object parent = open.peek();
            if (parent == null) {
                root = v;
            } else if (parent instanceof Map) {
                ((Map<String, Object>) parent).put(key, v); // a repeated key: last value wins, as before
            } else {
                ((List<Object>) parent).add(v);
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                open.push(v);
            }
        } while (!open.isEmpty() && (t = p.nextToken()) != null);
        if (!open.isEmpty()) { // Jackson reports end-of-input inside a container itself; this is a backstop
            throw error("unexpected end of input", p.currentLocation(), null);
        }
        return root;
    }

    /** Integers that do not fit a long become the nearest double, as they always have. */
    private static Object integer(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return p.getLongValue();
        }
        return Double.parseDouble(p.getText());
    }

    /** Jackson's message without its "[Source: REDACTED ...; " preamble, at Jackson's location or the parser's. */
    private static IllegalArgumentException error(String prefix, JsonProcessingException e, JsonParser p) {
        String what = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
        return error(prefix + what, e.getLocation() != null ? e.getLocation() : p.currentLocation(), e);
    }

    private static IllegalArgumentException error(String what, JsonLocation at, Throwable cause) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException("JSON: " + what + where, cause);
    }

    /** Serialises maps, iterables, arrays, strings, numbers, booleans and null on one line. */
    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    /** Appends {@code v} as JSON; on error (nesting deeper than {@link #MAX_DEPTH}) nothing is appended. */
    public static void write(StringBuilder b, Object v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(ESCAPES);
            writeTree(g, v);
        } catch (IOException e) { // StreamConstraintsException: too deep, or a container that contains itself
            throw new IllegalArgumentException("JSON: cannot write: " + e.getMessage(), e);
        }
        b.append(out.getBuffer());
    }

    public static String quote(String str) {
        return write(str);
    }

    /** A container being written: its remaining entries (Map.Entry for objects) or elements. */
    private record Frame(Iterator<?> items, boolean object) {
    }

    /** Writes depth-first with an explicit stack, mirroring {@link #readValue}. */
    private static void writeTree(JsonGenerator g, Object root) throws IOException {
        ArrayDeque<Frame> open = new ArrayDeque<>();
        Frame first = writeValue(g, root);
        if (first != null) {
            open.push(first);
        }
        while (!open.isEmpty()) {
            Frame f = open.peek();
            if (!f.items().hasNext()) {
                open.pop();
                if (f.object()) {
                    g.writeEndObject();
                } else {
                    g.writeEndArray();
                }
                continue;
            }
            Object item = f.items().next();
            if (f.object()) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                g.writeFieldName(String.valueOf(e.getKey()));
                item = e.getValue();
            }
            Frame child = writeValue(g, item);
            if (child != null) {
                open.push(child);
            }
        }
    }

    /** Writes a scalar or a primitive array whole; for a map or iterable writes its start and returns its frame. */
    private static Frame writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Float f) {
            writeFloat(g, f);
        } else if (v instanceof Double d) {
            writeDouble(g, d);
        } else if (v instanceof Number) {
            g.writeNumber(v.toString()); // BigDecimal keeps its own notation (e.g. 1E+3), as before
        } else if (v instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            return new Frame(m.entrySet().iterator(), true);
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            return new Frame(it.iterator(), false);
        } else if (v instanceof float[] a) {
            g.writeStartArray();
            for (float x : a) {
                writeFloat(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            g.writeStartArray();
            for (double x : a) {
                writeDouble(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof long[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof int[] a) {
            g.writeArray(a, 0, a.length);
        } else {
            g.writeString(v.toString());
        }
        return null;
    }

    /** JSON has no NaN or infinity: they are written as null. */
    private static void writeFloat(JsonGenerator g, float f) throws IOException {
        if (Float.isFinite(f)) {
            g.writeNumber(f);
        } else {
            g.writeNull();
        }
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }

    /**
     * String escaping of the earlier writer, kept so output stays byte-identical: {@code \" \\ \n \r \t} by name,
     * other control characters as lower-case {@code \}{@code u00xx} (Jackson would write {@code \b}, {@code \f}
     * and upper-case hex); everything else, non-ASCII included, verbatim.
     */
    private static final class LegacyEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();
        private final SerializableString[] controls = new SerializableString[0x20];

        LegacyEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                    controls[c] = new SerializedString(String.format("\\u%04x", c));
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0 && ch < controls.length ? controls[ch] : null;
        }
    }
}
