package dev.actionclip.formats.pickle;

import java.util.Map;

/**
 * The caps the unpickler puts on what a pickle can make it hold, and the checks that enforce them. Each is far
 * above what any real checkpoint needs, so hostile input fails with a clear error instead of exhausting memory.
 * Lengths are besides checked against the bytes left ({@link PickleInput}), and the caller caps the pickle's size.
 */
final class PickleLimits {
    /** Objects on the stack at once; torch writes a few (SETITEMS batches of 1000 pairs). */
    static final int MAX_STACK = 1 << 20;
    /** Memo entries; about one per object of the tree. */
    static final int MAX_MEMO = 1 << 22;
    /** Open MARKs at once (tuple/dict/list literals being built inside each other). */
    static final int MAX_MARKS = 1 << 16;
    /** Bytes of one LONG4 integer: Python ints in checkpoints are epochs, steps and seeds. */
    static final int MAX_INT_BYTES = 1 << 12;
    /** Bytes of one newline-terminated text argument (protocol 0 numbers and memo keys, GLOBAL names). */
    static final int MAX_LINE = 4096;

    private PickleLimits() {
    }

    /** Before pushing onto a stack of {@code size} objects. */
    static void checkPush(int size) {
        if (size >= MAX_STACK) {
            throw new PickleException("more than " + MAX_STACK + " objects on the pickle stack");
        }
    }

    /** Before storing {@code key}; overwriting an existing key is always allowed. */
    static void checkMemoPut(Map<Long, ?> memo, long key) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(key)) {
            throw new PickleException("more than " + MAX_MEMO + " memo entries");
        }
    }

    /** Before opening a MARK while {@code open} are open. */
    static void checkMark(int open) {
        if (open >= MAX_MARKS) {
            throw new PickleException("more than " + MAX_MARKS + " nested MARKs");
        }
    }

    /** The byte length {@code n} of a LONG4 integer, if accepted. */
    static int intLength(int n) {
        if (n > MAX_INT_BYTES) {
            throw new PickleException("integer of " + n + " bytes; at most " + MAX_INT_BYTES + " are accepted");
        }
        return n;
    }

    /** Before adding a byte to a text argument of {@code length} bytes so far. */
    static void checkLine(int length) {
        if (length > MAX_LINE) {
            throw new PickleException("text argument longer than " + MAX_LINE + " bytes");
        }
    }
}
