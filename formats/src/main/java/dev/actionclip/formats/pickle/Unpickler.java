package dev.actionclip.formats.pickle;

import dev.actionclip.formats.CheckpointFormatException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted pickle interpreter for the binary opcodes (protocols 2–5) that {@code torch.save} and
 * TorchScript write. It builds only plain data — {@link Long}/{@link BigInteger}, {@link Double},
 * {@link Boolean}, {@code null}, {@link String}, {@code byte[]}, {@link ArrayList} (lists, tuples, sets) and
 * {@link LinkedHashMap} with string keys (dicts; other keys are stringified). Everything that would call code
 * in Python (globals, REDUCE, NEWOBJ, BUILD, persistent ids) is handed to {@link Rules}, which decides from a
 * whitelist; nothing is ever executed. The interpreter loop is iterative, so deep nesting cannot overflow the
 * Java stack, and every length is checked against the bytes left before anything is allocated. The stack, the
 * memo, MARK nesting and integer sizes are capped far above what any real checkpoint needs, so hostile input
 * fails with a clear error instead of exhausting memory; the caller caps the pickle's size.
 */
public final class Unpickler {
    /** Objects on the stack at once; torch writes a few (SETITEMS batches of 1000 pairs). */
    static final int MAX_STACK = 1 << 20;
    /** Memo entries; about one per object of the tree. */
    static final int MAX_MEMO = 1 << 22;
    /** Open MARKs at once (tuple/dict/list literals being built inside each other). */
    static final int MAX_MARKS = 1 << 16;
    /** Bytes of one LONG4 integer: Python ints in checkpoints are epochs, steps and seeds. */
    static final int MAX_INT_BYTES = 1 << 12;

    /** Decides what the code-calling opcodes produce. Implementations throw to refuse. */
    public interface Rules {
        /** GLOBAL / STACK_GLOBAL: a token for an allowed callable or class. */
        Object global(String module, String name);

        /** BINPERSID: the object a persistent id stands for. */
        Object persistentLoad(Object pid);

        /** REDUCE: {@code callable(*args)}. */
        Object call(Object callable, List<Object> args);

        /** NEWOBJ: {@code cls.__new__(cls, *args)}. */
        Object newObject(Object cls, List<Object> args);

        /** BUILD: sets {@code state} on {@code obj}; returns the object that replaces it on the stack. */
        Object build(Object obj, Object state);
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "<mark>";
        }
    };

    private final Path file;
    private final String source;
    private final ByteBuffer in;
    private final Rules rules;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int[] marks = new int[16];
    private int markCount;

    private Unpickler(Path file, String source, ByteBuffer data, Rules rules) {
        this.file = file;
        this.source = source;
        this.in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.in.position(0);
        this.rules = rules;
    }

    /**
     * Unpickles {@code data}. Errors are {@link CheckpointFormatException}s on {@code file} naming
     * {@code source} (e.g. the zip entry) and the byte offset of the failing opcode.
     */
    public static Object load(Path file, String source, ByteBuffer data, Rules rules) {
        return new Unpickler(file, source, data, rules).run();
    }

    private Object run() {
        int at = 0;
        try {
            while (true) {
                at = in.position();
                if (!in.hasRemaining()) {
                    throw new PickleException("pickle ends without STOP (truncated)");
                }
                int op = in.get() & 0xff;
                if (op == '.') {
                    if (stack.size() != 1 || markCount != 0) {
                        throw new PickleException("STOP with " + stack.size() + " objects on the stack");
                    }
                    return stack.get(0);
                }
                step(op);
            }
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (java.nio.BufferUnderflowException e) {
            throw new CheckpointFormatException(file, "corrupt pickle " + source + " at byte " + at
                    + ": ends in the middle of an opcode (truncated)", e);
        } catch (RuntimeException e) {
            // hostile input can make any argument the wrong type or absent: all of it is "corrupt", with where
            String why = e instanceof PickleException || e instanceof IllegalArgumentException
                    ? e.getMessage() : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new CheckpointFormatException(file, "corrupt pickle " + source + " at byte " + at + ": " + why, e);
        }
    }

    private void step(int op) {
        switch (op) {
            case 0x80: need(1); in.get(); break;                                  // PROTO
            case 0x95: need(8); in.getLong(); break;                     // FRAME: framing is irrelevant here
            case '}': push(new LinkedHashMap<String, Object>()); break; // EMPTY_DICT
            case ']': case 0x8f: push(new ArrayList<>()); break;         // EMPTY_LIST, EMPTY_SET
            case ')': push(new ArrayList<>(0)); break;                   // EMPTY_TUPLE
            case '(': pushMark(); break;                                 // MARK
            case 'd': push(toDict(popMark())); break;                    // DICT
            case 'l': case 't': case 0x91: push(popMark()); break;       // LIST, TUPLE, FROZENSET
            case 0x85: push(tuple(1)); break;                            // TUPLE1
            case 0x86: push(tuple(2)); break;                            // TUPLE2
            case 0x87: push(tuple(3)); break;                            // TUPLE3
            case 's': { Object v = pop(); Object k = pop(); dictAt(top()).put(keyString(k), v); break; }
            case 'u': { List<Object> kv = popMark(); putAll(dictAt(top()), kv); break; } // SETITEMS
            case 'a': { Object v = pop(); listAt(top()).add(v); break; }                  // APPEND
            case 'e': case 0x90: { List<Object> items = popMark(); listAt(top()).addAll(items); break; }
            case 'J': need(4); push((long) in.getInt()); break;          // BININT
            case 'K': need(1); push((long) (in.get() & 0xff)); break;    // BININT1
            case 'M': need(2); push((long) (in.getShort() & 0xffff)); break; // BININT2
            case 0x8a: push(longOf(bytes(in.get() & 0xff))); break;      // LONG1
            case 0x8b: push(longOf(bytes(intLength(length(4))))); break; // LONG4
            case 'G': need(8); push(in.duplicate().order(ByteOrder.BIG_ENDIAN).getDouble(in.position())); skip(8); break;
            case 'X': push(new String(bytes(length(4)), StandardCharsets.UTF_8)); break;      // BINUNICODE
            case 0x8c: push(new String(bytes(length(1)), StandardCharsets.UTF_8)); break;     // SHORT_BINUNICODE
            case 0x8d: push(new String(bytes(length(8)), StandardCharsets.UTF_8)); break;     // BINUNICODE8
            case 'T': push(new String(bytes(length(4)), StandardCharsets.ISO_8859_1)); break; // BINSTRING
            case 'U': push(new String(bytes(length(1)), StandardCharsets.ISO_8859_1)); break; // SHORT_BINSTRING
            case 'B': push(bytes(length(4))); break;                     // BINBYTES
            case 'C': push(bytes(length(1))); break;                     // SHORT_BINBYTES
            case 0x8e: case 0x96: push(bytes(length(8))); break;         // BINBYTES8, BYTEARRAY8
            case 'N': push(null); break;
            case 0x88: push(Boolean.TRUE); break;
            case 0x89: push(Boolean.FALSE); break;
            case 'I': push(textInt(line())); break;                      // INT (protocol 0, also True/False)
            case 'L': push(longOf(line().replaceAll("L$", ""))); break;  // LONG (protocol 0)
            case 'F': push(Double.parseDouble(line())); break;           // FLOAT (protocol 0)
            case 'q': need(1); memoPut((long) (in.get() & 0xff), top()); break;  // BINPUT
            case 'r': need(4); memoPut(in.getInt() & 0xffffffffL, top()); break; // LONG_BINPUT
            case 'p': memoPut(Long.parseLong(line()), top()); break;    // PUT
            case 0x94: memoPut((long) memo.size(), top()); break;       // MEMOIZE
            case 'h': need(1); push(memoGet(in.get() & 0xff)); break;             // BINGET
            case 'j': need(4); push(memoGet(in.getInt() & 0xffffffffL)); break; // LONG_BINGET
            case 'g': push(memoGet(Long.parseLong(line()))); break;      // GET
            case 'c': { String module = line(); String name = line(); push(rules.global(module, name)); break; }
            case 0x93: { Object name = pop(); Object module = pop(); push(rules.global(str(module), str(name))); break; }
            case 'R': { List<Object> args = listArg(pop()); Object f = pop(); push(rules.call(f, args)); break; }
            case 0x81: { List<Object> args = listArg(pop()); Object cls = pop(); push(rules.newObject(cls, args)); break; }
            case 0x92: {                                                 // NEWOBJ_EX: kwargs must be empty
                Object kw = pop();
                List<Object> args = listArg(pop());
                Object cls = pop();
                if (!(kw instanceof Map) || !((Map<?, ?>) kw).isEmpty()) {
                    throw new PickleException("NEWOBJ_EX with keyword arguments is not supported");
                }
                push(rules.newObject(cls, args));
                break;
            }
            case 'b': { Object state = pop(); Object obj = pop(); push(rules.build(obj, state)); break; }
            case 'Q': push(rules.persistentLoad(pop())); break;          // BINPERSID
            case '0': pop(); break;                                      // POP
            case '1': popMark(); break;                                  // POP_MARK
            case '2': push(top()); break;                                // DUP
            default:
                throw new PickleException(String.format("unsupported pickle opcode 0x%02x", op)
                        + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
        }
    }

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw new PickleException("more than " + MAX_STACK + " objects on the pickle stack");
        }
        stack.add(o);
    }

    private void memoPut(long key, Object o) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(key)) {
            throw new PickleException("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(key, o);
    }

    private static int intLength(int n) {
        if (n > MAX_INT_BYTES) {
            throw new PickleException("integer of " + n + " bytes; at most " + MAX_INT_BYTES + " are accepted");
        }
        return n;
    }

    private Object pop() {
        if (stack.isEmpty() || (markCount > 0 && marks[markCount - 1] == stack.size())) {
            throw new PickleException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty()) {
            throw new PickleException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private void pushMark() {
        if (markCount >= MAX_MARKS) {
            throw new PickleException("more than " + MAX_MARKS + " nested MARKs");
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    /** Pops everything down to the last MARK, as a new list. */
    private ArrayList<Object> popMark() {
        if (markCount == 0) {
            throw new PickleException("no MARK on the stack");
        }
        int from = marks[--markCount];
        List<Object> top = stack.subList(from, stack.size());
        ArrayList<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private ArrayList<Object> tuple(int n) {
        ArrayList<Object> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            t.add(null);
        }
        for (int i = n - 1; i >= 0; i--) {
            t.set(i, pop());
        }
        return t;
    }

    private LinkedHashMap<String, Object> toDict(List<Object> kv) {
        LinkedHashMap<String, Object> d = new LinkedHashMap<>();
        putAll(d, kv);
        return d;
    }

    private static void putAll(Map<String, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            d.put(keyString(kv.get(i)), kv.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dictAt(Object o) {
        if (o instanceof Map) {
            return (Map<String, Object>) o;
        }
        throw new PickleException("SETITEM on a " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listAt(Object o) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new PickleException("APPEND on a " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listArg(Object o) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new PickleException("expected an argument tuple, got a " + typeName(o));
    }

    private static String str(Object o) {
        if (o instanceof String) {
            return (String) o;
        }
        throw new PickleException("expected a string, got a " + typeName(o));
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

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw new PickleException("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw new PickleException("needs " + n + " more bytes but only " + in.remaining() + " remain (truncated)");
        }
    }

    private void skip(int n) {
        in.position(in.position() + n);
    }

    /** Reads an unsigned little-endian length of {@code width} bytes and checks it fits in what remains. */
    private int length(int width) {
        need(width);
        long n;
        switch (width) {
            case 1: n = in.get() & 0xff; break;
            case 4: n = in.getInt() & 0xffffffffL; break;
            default: n = in.getLong(); break;
        }
        if (n < 0 || n > in.remaining()) {
            throw new PickleException("length " + n + " exceeds the " + in.remaining() + " bytes left (truncated or corrupt)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** A newline-terminated ASCII line (protocol 0 arguments, GLOBAL names), at most 4 KB. */
    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            need(1);
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 4096) {
                throw new PickleException("text argument longer than 4096 bytes");
            }
            sb.append((char) (b & 0xff));
        }
    }

    private static Object textInt(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return longOf(s);
    }

    private static Object longOf(String s) {
        BigInteger v = new BigInteger(s.trim());
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** Two's complement little-endian integer (LONG1 / LONG4), as a Long when it fits. */
    private static Object longOf(byte[] le) {
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

    /** A structural problem in the pickle; reported with the byte offset by {@link #run()}. */
    static final class PickleException extends RuntimeException {
        PickleException(String message) {
            super(message);
        }
    }
}
