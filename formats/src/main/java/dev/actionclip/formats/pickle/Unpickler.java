package dev.actionclip.formats.pickle;

import dev.actionclip.formats.CheckpointFormatException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A restricted pickle interpreter for the binary opcodes (protocols 2–5) that {@code torch.save} and
 * TorchScript write. It builds only plain data — {@link Long}/{@link BigInteger}, {@link Double},
 * {@link Boolean}, {@code null}, {@link String}, {@code byte[]}, {@link ArrayList} (lists, tuples, sets) and
 * {@link LinkedHashMap} with string keys (dicts; other keys are stringified). Everything that would call code
 * in Python (globals, REDUCE, NEWOBJ, BUILD, persistent ids) is handed to {@link Rules}, which decides from a
 * whitelist; nothing is ever executed. The interpreter loop is iterative, so deep nesting cannot overflow the
 * Java stack, and every length is checked against the bytes left before anything is allocated
 * ({@code PickleInput}). The stack, the memo, MARK nesting and integer sizes are capped far above what any real
 * checkpoint needs ({@code PickleLimits}), so hostile input fails with a clear error instead of exhausting memory;
 * the caller caps the pickle's size.
 */
public final class Unpickler {
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

    private final Path file;
    private final String source;
    private final PickleInput in;
    private final Rules rules;
    private final PickleStack stack = new PickleStack();

    private Unpickler(Path file, String source, ByteBuffer data, Rules rules) {
        this.file = file;
        this.source = source;
        this.in = new PickleInput(data);
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
                int op = in.next();
                if (op == '.') {
                    return stack.result();
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

    /** Opcodes that work on the stack, the memo or the {@link Rules}; the rest push a value ({@link #value}). */
    private void step(int op) {
        switch (op) {
            case 0x80: in.skip(1); break;                                // PROTO
            case 0x95: in.skip(8); break;                                // FRAME: framing is irrelevant here
            case '(': stack.pushMark(); break;                           // MARK
            case 'd': stack.push(toDict(stack.popMark())); break;        // DICT
            case 'l': case 't': case 0x91: stack.push(stack.popMark()); break; // LIST, TUPLE, FROZENSET
            case 0x85: stack.push(stack.tuple(1)); break;                // TUPLE1
            case 0x86: stack.push(stack.tuple(2)); break;                // TUPLE2
            case 0x87: stack.push(stack.tuple(3)); break;                // TUPLE3
            case 's': {                                                  // SETITEM
                Object v = stack.pop();
                Object k = stack.pop();
                dictAt(stack.top()).put(PyValues.keyString(k), v);
                break;
            }
            case 'u': { List<Object> kv = stack.popMark(); putAll(dictAt(stack.top()), kv); break; }   // SETITEMS
            case 'a': { Object v = stack.pop(); listAt(stack.top()).add(v); break; }                     // APPEND
            case 'e': case 0x90: {                                       // APPENDS, ADDITEMS
                List<Object> items = stack.popMark();
                listAt(stack.top()).addAll(items);
                break;
            }
            case 'q': stack.memoPut(in.u8(), stack.top()); break;       // BINPUT
            case 'r': stack.memoPut(in.u32(), stack.top()); break;      // LONG_BINPUT
            case 'p': stack.memoPut(Long.parseLong(in.line()), stack.top()); break; // PUT
            case 0x94: stack.memoize(); break;                          // MEMOIZE
            case 'c': {                                                  // GLOBAL
                String module = in.line();
                String name = in.line();
                stack.push(rules.global(module, name));
                break;
            }
            case 0x93: {                                                 // STACK_GLOBAL
                Object name = stack.pop();
                Object module = stack.pop();
                stack.push(rules.global(str(module), str(name)));
                break;
            }
            case 'R': {                                                  // REDUCE
                List<Object> args = listArg(stack.pop());
                Object f = stack.pop();
                stack.push(rules.call(f, args));
                break;
            }
            case 0x81: {                                                 // NEWOBJ
                List<Object> args = listArg(stack.pop());
                Object cls = stack.pop();
                stack.push(rules.newObject(cls, args));
                break;
            }
            case 0x92: {                                                 // NEWOBJ_EX: kwargs must be empty
                Object kw = stack.pop();
                List<Object> args = listArg(stack.pop());
                Object cls = stack.pop();
                if (!(kw instanceof Map) || !((Map<?, ?>) kw).isEmpty()) {
                    throw new PickleException("NEWOBJ_EX with keyword arguments is not supported");
                }
                stack.push(rules.newObject(cls, args));
                break;
            }
            case 'b': {                                                  // BUILD
                Object state = stack.pop();
                Object obj = stack.pop();
                stack.push(rules.build(obj, state));
                break;
            }
            case 'Q': stack.push(rules.persistentLoad(stack.pop())); break; // BINPERSID
            case '0': stack.pop(); break;                                // POP
            case '1': stack.popMark(); break;                            // POP_MARK
            case '2': stack.push(stack.top()); break;                    // DUP
            default: stack.push(value(op));
        }
    }

    /** Opcodes that push a new value: a constant, an empty container, a literal read from the input, a memo entry. */
    private Object value(int op) {
        switch (op) {
            case '}': return new LinkedHashMap<String, Object>();       // EMPTY_DICT
            case ']': case 0x8f: return new ArrayList<>();              // EMPTY_LIST, EMPTY_SET
            case ')': return new ArrayList<>(0);                        // EMPTY_TUPLE
            case 'N': return null;
            case 0x88: return Boolean.TRUE;
            case 0x89: return Boolean.FALSE;
            case 'J': return (long) in.int32();                         // BININT
            case 'K': return (long) in.u8();                            // BININT1
            case 'M': return (long) in.u16();                           // BININT2
            case 0x8a: return PyValues.longOf(in.bytes(in.next()));     // LONG1
            case 0x8b: return PyValues.longOf(in.bytes(PickleLimits.intLength(in.length(4)))); // LONG4
            case 'G': return in.float64BigEndian();                     // BINFLOAT
            case 'X': return in.string(4, UTF_8);                       // BINUNICODE
            case 0x8c: return in.string(1, UTF_8);                      // SHORT_BINUNICODE
            case 0x8d: return in.string(8, UTF_8);                      // BINUNICODE8
            case 'T': return in.string(4, ISO_8859_1);                  // BINSTRING
            case 'U': return in.string(1, ISO_8859_1);                  // SHORT_BINSTRING
            case 'B': return in.sized(4);                               // BINBYTES
            case 'C': return in.sized(1);                               // SHORT_BINBYTES
            case 0x8e: case 0x96: return in.sized(8);                   // BINBYTES8, BYTEARRAY8
            case 'I': return PyValues.textInt(in.line());               // INT (protocol 0, also True/False)
            case 'L': return PyValues.longOf(in.line().replaceAll("L$", "")); // LONG (protocol 0)
            case 'F': return Double.parseDouble(in.line());             // FLOAT (protocol 0)
            case 'h': return stack.memoGet(in.u8());                    // BINGET
            case 'j': return stack.memoGet(in.u32());                   // LONG_BINGET
            case 'g': return stack.memoGet(Long.parseLong(in.line()));  // GET
            default:
                throw new PickleException(String.format("unsupported pickle opcode 0x%02x", op)
                        + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
        }
    }

    private static LinkedHashMap<String, Object> toDict(List<Object> kv) {
        LinkedHashMap<String, Object> d = new LinkedHashMap<>();
        putAll(d, kv);
        return d;
    }

    private static void putAll(Map<String, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            d.put(PyValues.keyString(kv.get(i)), kv.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dictAt(Object o) {
        if (o instanceof Map) {
            return (Map<String, Object>) o;
        }
        throw new PickleException("SETITEM on a " + PyValues.typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listAt(Object o) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new PickleException("APPEND on a " + PyValues.typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listArg(Object o) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new PickleException("expected an argument tuple, got a " + PyValues.typeName(o));
    }

    private static String str(Object o) {
        if (o instanceof String) {
            return (String) o;
        }
        throw new PickleException("expected a string, got a " + PyValues.typeName(o));
    }
}
