package dev.actionclip.formats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Python-style pickles of a small object model, the way CPython's pickler does for protocol 2 (what
 * {@code torch.save} writes: GLOBAL, BINPUT/BINGET memo, MARK batches) or protocol 4 (FRAME, SHORT_BINUNICODE,
 * STACK_GLOBAL, MEMOIZE). For seed corpora and crafted inputs: realistic bytes from a readable recipe.
 *
 * <p>Values: {@code null}, Boolean, Integer/Long, Double, String, {@code byte[]}, {@link List} (a Python list),
 * {@link Tuple}, {@link Map} (a dict, keys in order), {@link Global}, {@link Reduce}, {@link NewObj} and
 * {@link PersId}. The same Java object written twice is memoised and referenced, as Python does.
 */
final class Pickler {
    record Tuple(List<Object> items) {
        static Tuple of(Object... items) {
            return new Tuple(java.util.Arrays.asList(items));
        }
    }

    record Global(String module, String name) {
    }

    /** {@code callable(*args)}, then optional dict items (SETITEMS on the result) and BUILD state. */
    record Reduce(Object callable, Tuple args, Map<?, ?> dictItems, Object state) {
        Reduce(Object callable, Tuple args) {
            this(callable, args, null, null);
        }
    }

    /** {@code cls.__new__(cls, *args)} then BUILD {@code state} (TorchScript modules). */
    record NewObj(Global cls, Tuple args, Object state) {
    }

    /** A persistent id (BINPERSID), e.g. torch's storage tuple. */
    record PersId(Object pid) {
    }

    private final int protocol;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> memo = new IdentityHashMap<>();

    private Pickler(int protocol) {
        this.protocol = protocol;
    }

    static byte[] dumps(Object value, int protocol) {
        Pickler p = new Pickler(protocol);
        p.op(0x80, protocol);
        p.save(value);
        p.op('.');
        byte[] body = p.out.toByteArray();
        if (protocol < 4) {
            return body;
        }
        // one FRAME after PROTO covering the rest, as CPython writes small pickles
        ByteBuffer b = ByteBuffer.allocate(body.length + 9).order(ByteOrder.LITTLE_ENDIAN);
        b.put(body, 0, 2).put((byte) 0x95).putLong(body.length - 2).put(body, 2, body.length - 2);
        return b.array();
    }

    // ------------------------------------------------------------------ torch helpers

    static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    static final Global ORDERED_DICT = new Global("collections", "OrderedDict");

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    static Reduce tensor(PersId storage, long offset, long[] shape, long[] strides) {
        return new Reduce(REBUILD_TENSOR, Tuple.of(storage, offset, longs(shape), longs(strides), false,
                new Reduce(ORDERED_DICT, Tuple.of())));
    }

    /** A contiguous tensor over its storage from element 0. */
    static Reduce tensor(PersId storage, long... shape) {
        return tensor(storage, 0, shape, TensorData.contiguousStrides(shape));
    }

    /** {@code ('storage', torch.<Type>Storage, key, 'cpu', numel)}. */
    static PersId storage(String type, String key, long numel) {
        return new PersId(Tuple.of("storage", new Global("torch", type), key, "cpu", numel));
    }

    /** An {@code OrderedDict} with torch's {@code _metadata} attribute (what {@code state_dict()} returns). */
    static Reduce orderedDict(Map<?, ?> items, Map<?, ?> metadata) {
        return new Reduce(ORDERED_DICT, Tuple.of(), items,
                metadata == null ? null : Map.of("_metadata", new Reduce(ORDERED_DICT, Tuple.of(), metadata, null)));
    }

    private static Tuple longs(long[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return Tuple.of(o);
    }

    // ------------------------------------------------------------------ the pickler

    private void save(Object v) {
        if (v == null) {
            op('N');
        } else if (v instanceof Boolean b) {
            op(b ? 0x88 : 0x89);
        } else if (v instanceof Integer i) {
            saveLong(i);
        } else if (v instanceof Long l) {
            saveLong(l);
        } else if (v instanceof Double d) {
            op('G');
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(d).array());
        } else if (get(v)) {
            return;
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (protocol >= 4 && b.length < 256) {
                op(0x8c, b.length);
            } else {
                op('X');
                le(b.length, 4);
            }
            out.writeBytes(b);
            put(v);
        } else if (v instanceof byte[] b) {
            if (b.length < 256) {
                op('C', b.length);
            } else {
                op('B');
                le(b.length, 4);
            }
            out.writeBytes(b);
            put(v);
        } else if (v instanceof Tuple t) {
            saveTuple(t);
        } else if (v instanceof List<?> l) {
            op(']');
            put(v);
            if (!l.isEmpty()) {
                op('(');
                l.forEach(this::save);
                op('e');
            }
        } else if (v instanceof Map<?, ?> m) {
            op('}');
            put(v);
            setItems(m);
        } else if (v instanceof Global g) {
            if (protocol >= 4) {
                save(g.module());
                save(g.name());
                op(0x93);
            } else {
                op('c');
                out.writeBytes((g.module() + "\n" + g.name() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            put(v);
        } else if (v instanceof Reduce r) {
            save(r.callable());
            save(r.args());
            op('R');
            put(v);
            if (r.dictItems() != null) {
                setItems(r.dictItems());
            }
            if (r.state() != null) {
                save(r.state());
                op('b');
            }
        } else if (v instanceof NewObj n) {
            save(n.cls());
            save(n.args());
            op(0x81);
            put(v);
            if (n.state() != null) {
                save(n.state());
                op('b');
            }
        } else if (v instanceof PersId p) {
            save(p.pid());
            op('Q');
        } else {
            throw new IllegalArgumentException("cannot pickle a " + v.getClass());
        }
    }

    private void saveTuple(Tuple t) {
        int n = t.items().size();
        if (n == 0) {
            op(')');
            return;
        }
        if (n <= 3) {
            t.items().forEach(this::save);
            op(0x84 + n);
        } else {
            op('(');
            t.items().forEach(this::save);
            op('t');
        }
        put(t);
    }

    private void setItems(Map<?, ?> m) {
        if (m.isEmpty()) {
            return;
        }
        op('(');
        m.forEach((k, val) -> {
            save(k);
            save(val);
        });
        op('u');
    }

    private void saveLong(long v) {
        if (v >= 0 && v < 256) {
            op('K', (int) v);
        } else if (v >= 0 && v < 65536) {
            op('M');
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            le(v, 4);
        } else {
            op(0x8a, 8);
            le(v, 8);
        }
    }

    private boolean get(Object v) {
        Integer idx = memo.get(v);
        if (idx == null) {
            return false;
        }
        if (idx < 256) {
            op('h', idx);
        } else {
            op('j');
            le(idx, 4);
        }
        return true;
    }

    private void put(Object v) {
        int idx = memo.size();
        memo.put(v, idx);
        if (protocol >= 4) {
            op(0x94);
        } else if (idx < 256) {
            op('q', idx);
        } else {
            op('r');
            le(idx, 4);
        }
    }

    private void op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
