package dev.actionclip.formats;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    private static IllegalArgumentException fails(String text, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("JSON: "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void valueModelIsLinkedHashMapArrayListLongDoubleStringBooleanNull() {
        Map<String, Object> m = Json.parseObject(
                "{\"z\": {}, \"a\": [1, 2.5, \"s\", true, false, null], \"m\": -7, \"e\": 1e3, \"big\": 9223372036854775808}");
        assertInstanceOf(LinkedHashMap.class, m);
        assertEquals(List.of("z", "a", "m", "e", "big"), new ArrayList<>(m.keySet()));
        assertInstanceOf(LinkedHashMap.class, m.get("z"));
        List<?> a = assertInstanceOf(ArrayList.class, m.get("a"));
        assertEquals(Arrays.asList(1L, 2.5, "s", true, false, null), a);
        assertInstanceOf(Long.class, a.get(0));
        assertEquals(-7L, m.get("m"));
        assertEquals(1000.0, m.get("e"));
        assertEquals(9.223372036854775808E18, m.get("big")); // beyond long: the nearest double, never BigInteger
    }

    @Test
    void numbers() {
        assertEquals(Long.MAX_VALUE, Json.parse(String.valueOf(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, Json.parse(String.valueOf(Long.MIN_VALUE)));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(1.0, Json.parse("1.0"));
        assertEquals(0.01, Json.parse("1E-2"));
        assertEquals(1.2345678901234568E29, Json.parse("123456789012345678901234567890"));
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e400"));
        fails("01", "Leading zeroes", "line 1, column 2");
        fails("NaN", "NaN");
        fails("[" + "1".repeat(Json.MAX_NUMBER_CHARS + 1) + "]", "Number value length");
    }

    @Test
    void writesNumbersAsBeforeByteForByte() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f", 0.1f);
        m.put("d", 0.1);
        m.put("small", 1e-5);
        m.put("large", 1e21);
        m.put("whole", 100.0);
        m.put("negZero", -0.0);
        m.put("nan", Double.NaN);
        m.put("inf", Float.NEGATIVE_INFINITY);
        m.put("l", Long.MIN_VALUE);
        m.put("i", 42);
        m.put("bd", new BigDecimal("1E+3"));
        m.put("floats", new float[] {1.5f, Float.NaN});
        m.put("doubles", new double[] {0.25, Double.POSITIVE_INFINITY});
        m.put("longs", new long[] {1, -2});
        m.put("ints", new int[] {});
        m.put("other", Thread.State.NEW);
        m.put(null, true);
        assertEquals("{\"f\":0.1,\"d\":0.1,\"small\":1.0E-5,\"large\":1.0E21,\"whole\":100.0,\"negZero\":-0.0,"
                + "\"nan\":null,\"inf\":null,\"l\":-9223372036854775808,\"i\":42,\"bd\":1E+3,\"floats\":[1.5,null],"
                + "\"doubles\":[0.25,null],\"longs\":[1,-2],\"ints\":[],\"other\":\"NEW\",\"null\":true}", Json.write(m));
    }

    @Test
    void roundTripsTheValueModel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "caf\u00e9 \ud83d\ude00 \"quoted\" back\\slash\ttab\nline");
        m.put("nested", new ArrayList<>(Arrays.asList(1L, -2.75, null, new LinkedHashMap<>(Map.of("k", false)), new ArrayList<>())));
        m.put("max", Long.MAX_VALUE);
        m.put("tiny", Double.MIN_VALUE);
        String text = Json.write(m);
        assertEquals(m, Json.parse(text));
        assertEquals(text, Json.write(Json.parse(text)));
        StringBuilder b = new StringBuilder("x=");
        Json.write(b, List.of(1, "a"));
        assertEquals("x=[1,\"a\"]", b.toString());
    }

    @Test
    void unicodeEscapesAndSurrogatePairs() {
        assertEquals("\u00e9\u4e2d/\b\f\n\r\t\"\\", Json.parse("\"\\u00e9\\u4E2D\\/\\b\\f\\n\\r\\t\\\"\\\\\""));
        assertEquals("\ud83d\ude00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("\ud83d\ude00", Json.parse("\"\ud83d\ude00\""));
        assertEquals("\ud800", Json.parse("\"\\ud800\"")); // a lone surrogate passes through, as before
        // the writer escapes control characters as lower-case \\u00xx and keeps everything else verbatim
        assertEquals("\"\\u0000\\u0008\\u000c\\u001f\\n\\r\\t\\\"\\\\/\u007f\u00e9\u2028\ud83d\ude00\"",
                Json.quote("\u0000\b\f\u001f\n\r\t\"\\/\u007f\u00e9\u2028\ud83d\ude00"));
        fails("\"\\x\"", "escape", "line 1, column 3");
        fails("\"\\u12\"", "line 1");
        fails("[\"a\tb\"]", "CTRL-CHAR", "line 1, column 4");
    }

    @Test
    void repeatedKeyKeepsFirstPositionAndLastValue() {
        Map<String, Object> m = Json.parseObject("{\"a\":1,\"b\":2,\"a\":{\"x\":3}}");
        assertEquals(List.of("a", "b"), new ArrayList<>(m.keySet()));
        assertEquals(Map.of("x", 3L), m.get("a"));
    }

    @Test
    void errorsSayWhatAndWhere() {
        fails("", "no JSON value", "line 1, column 1");
        fails("  \n ", "no JSON value", "line 2");
        fails("{\"a\":1,}", "field name", "line 1, column 8");
        fails("{\"a\"\n:\n tru}", "'tru'", "line 3, column 2");
        fails("[1,2", "end-of-input", "line 1, column 5");
        fails("\"abc", "end-of-input", "line 1, column 5");
        fails("{1:2}", "line 1, column 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertEquals("expected a JSON object", e.getMessage());
    }

    @Test
    void trailingContentIsAnError() {
        fails("{}{}", "trailing characters", "line 1, column 3");
        fails("1 2", "trailing characters", "line 1, column 3");
        fails("{} x", "trailing characters", "line 1, column 4");
        fails("[1]]", "trailing characters", "line 1, column 4");
        fails("{\"a\":1}\n\n  ]", "trailing characters", "line 3, column 3");
        assertEquals(Map.of(), Json.parse(" \n\t{} \r\n "));
    }

    @Test
    void nestingUpToTheCapIsRead() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(deepest, Json.write(Json.parse(deepest)));
        fails("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), "nesting depth (1001)", "line 1, column 1002");
    }

    @Test
    void hundredThousandNestedObjectsAreRefusedQuickly() {
        int n = 100_000;
        String text = "{\"a\":".repeat(n) + "1" + "}".repeat(n);
        Json.parse("0"); // load Jackson outside the timed part
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> fails(text, "nesting depth", "line 1, column"));
    }

    @Test
    void hundredThousandNestedArraysAreRefusedQuickly() {
        int n = 100_000;
        Json.parse("0");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> fails("[".repeat(n) + "]".repeat(n), "nesting depth"));
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> fails("[".repeat(n), "nesting depth")); // unclosed
    }

    @Test
    void writingACycleFailsCleanly() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        StringBuilder b = new StringBuilder("kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(b, cycle));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        assertEquals("kept", b.toString());
        assertNull(Json.parse("null"));
    }
}
