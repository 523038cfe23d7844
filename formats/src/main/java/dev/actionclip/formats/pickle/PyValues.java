package dev.actionclip.formats.pickle;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Python values as the unpickler builds them: integers from their encodings, and names for messages and dict keys. */
final class PyValues {
    private PyValues() {
    }

    static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /**
     * Dict keys become strings the way Python prints them ({@code 0}, {@code True}, {@code None}); composite
     * keys are summarised, with a length cap so a hostile key cannot blow up memory.
     */
    static String keyString(Object k) {
        if (k instanceof String) {
            return (String) k;
        }
        if (k instanceof Boolean) {
            return (Boolean) k ? "True" : "False";
        }
        if (k == null) {
            return "None";
        }
        if (k instanceof Long || k instanceof BigInteger || k instanceof Double) {
            return k.toString();
        }
        if (k instanceof List) {
            StringBuilder sb = new StringBuilder("(");
            for (Object e : (List<?>) k) {
                if (sb.length() > 200) {
                    sb.append("...");
                    break;
                }
                sb.append(sb.length() > 1 ? ", " : "").append(e instanceof List || e instanceof Map ? "..." : keyString(e));
            }
            return sb.append(")").toString();
        }
        if (k instanceof Map) {
            // never Map.toString: a dict may contain itself through a list, and nesting is unbounded
            return "{...}";
        }
        if (k instanceof byte[]) {
            return "b'<" + ((byte[]) k).length + " bytes>'";
        }
        String s = k instanceof PyObject ? ((PyObject) k).className() : String.valueOf(k);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Protocol 0 INT, which also spells True and False. */
    static Object textInt(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return longOf(s);
    }

    /** A decimal integer, as a Long when it fits. */
    static Object longOf(String s) {
        BigInteger v = new BigInteger(s.trim());
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** Two's complement little-endian integer (LONG1 / LONG4), as a Long when it fits. */
    static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
