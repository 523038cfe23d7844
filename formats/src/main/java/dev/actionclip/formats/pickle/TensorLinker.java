package dev.actionclip.formats.pickle;

import dev.actionclip.formats.TensorData;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Replaces every {@link TensorRef} in an unpickled object tree by a {@link TensorData}, named by its path
 * ({@code model_state_dict.visual.conv1.weight}). Iterative, and each container is visited once, so shared
 * or cyclic structures from the memo cannot loop or overflow the stack.
 */
public final class TensorLinker {
    private TensorLinker() {
    }

    /**
     * @param root the unpickled object
     * @param make builds a tensor from its reference and name (attaching storage bytes and validating bounds)
     * @return the root, or the tensor when the root itself was a tensor reference
     */
    public static Object link(Object root, BiFunction<TensorRef, String, TensorData> make) {
        Map<TensorRef, TensorData> done = new IdentityHashMap<>();
        BiFunction<TensorRef, String, TensorData> once = (ref, name) -> {
            TensorData t = done.get(ref);
            if (t == null) {
                t = make.apply(ref, name);
                done.put(ref, t);
            }
            return t;
        };
        if (root instanceof TensorRef) {
            return once.apply((TensorRef) root, "");
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, null});
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            Object node = item[0];
            Path path = (Path) item[1];
            if (node instanceof PyObject) {
                node = ((PyObject) node).attributes();
            }
            if (!(node instanceof Map || node instanceof List) || !seen.add(node)) {
                continue;
            }
            if (node instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) node;
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    Path p = new Path(path, e.getKey());
                    if (e.getValue() instanceof TensorRef) {
                        e.setValue(once.apply((TensorRef) e.getValue(), p.name()));
                    } else {
                        todo.push(new Object[] {e.getValue(), p});
                    }
                }
            } else {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) node;
                for (int i = 0; i < l.size(); i++) {
                    Path p = new Path(path, Integer.toString(i));
                    if (l.get(i) instanceof TensorRef) {
                        l.set(i, once.apply((TensorRef) l.get(i), p.name()));
                    } else {
                        todo.push(new Object[] {l.get(i), p});
                    }
                }
            }
        }
        return root;
    }

    /**
     * A key path kept as a parent chain, so descending is O(1); the dotted name is only spelled out for
     * tensors, and a pathologically deep one is elided in the middle.
     */
    private record Path(Path parent, String key) {
        private static final int MAX_PARTS = 64;
        /** Longest key spelt out in a name: the memo lets a pickle reuse one huge string at every level for free. */
        private static final int MAX_KEY = 256;
        private static final int MAX_NAME = 512;

        String name() {
            ArrayDeque<String> parts = new ArrayDeque<>();
            int depth = 0;
            for (Path p = this; p != null; p = p.parent) {
                depth++;
            }
            int i = 0;
            for (Path p = this; p != null; p = p.parent, i++) {
                if (i < MAX_PARTS / 2 || i >= depth - MAX_PARTS / 2) {
                    parts.push(p.key.length() > MAX_KEY ? p.key.substring(0, MAX_KEY) + "..." : p.key);
                } else if (i == MAX_PARTS / 2) {
                    parts.push("...");
                }
            }
            String name = String.join(".", parts);
            // bounded per tensor whatever the keys: the name is a label for messages; a dict's tensors are renamed
            // to their key (stateDict) anyway
            return name.length() <= MAX_NAME ? name
                    : name.substring(0, MAX_NAME / 2) + "..." + name.substring(name.length() - MAX_NAME / 2);
        }
    }
}
