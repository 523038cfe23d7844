package dev.actionclip.formats.pickle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The unpickler's working state: the stack of objects, the MARKs that split off the items of a literal being
 * built, and the memo of objects a later opcode fetches again. Sizes are capped by {@link PickleLimits}.
 */
final class PickleStack {
    private final ArrayList<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int[] marks = new int[16];
    private int markCount;

    /** STOP: the one object left, with no MARK open. */
    Object result() {
        if (stack.size() != 1 || markCount != 0) {
            throw new PickleException("STOP with " + stack.size() + " objects on the stack");
        }
        return stack.get(0);
    }

    void push(Object o) {
        PickleLimits.checkPush(stack.size());
        stack.add(o);
    }

    /** Pops one object; the items of an open MARK are not reachable this way. */
    Object pop() {
        if (stack.isEmpty() || (markCount > 0 && marks[markCount - 1] == stack.size())) {
            throw new PickleException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    Object top() {
        if (stack.isEmpty()) {
            throw new PickleException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    void pushMark() {
        PickleLimits.checkMark(markCount);
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    /** Pops everything down to the last MARK, as a new list. */
    ArrayList<Object> popMark() {
        if (markCount == 0) {
            throw new PickleException("no MARK on the stack");
        }
        int from = marks[--markCount];
        List<Object> top = stack.subList(from, stack.size());
        ArrayList<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    /** Pops the top {@code n} objects as a tuple, in stack order. */
    ArrayList<Object> tuple(int n) {
        ArrayList<Object> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            t.add(null);
        }
        for (int i = n - 1; i >= 0; i--) {
            t.set(i, pop());
        }
        return t;
    }

    void memoPut(long key, Object o) {
        PickleLimits.checkMemoPut(memo, key);
        memo.put(key, o);
    }

    /** MEMOIZE: stores the top of the stack under the next free key. */
    void memoize() {
        memoPut((long) memo.size(), top());
    }

    Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw new PickleException("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }
}
