package dev.actionclip.prompts;

import java.util.Arrays;

/** An open-addressing map from a pair of symbol ids to a merge rank; avoids boxing in the BPE inner loop. */
final class PairRanks {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    PairRanks(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** Stores the rank; a repeated pair takes the later rank, as Python's dict(zip(merges, ranks)) does. */
    boolean put(int left, int right, int rank) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("PairRanks over capacity");
        }
        long k = key(left, right);
        for (int s = slot(k); ; s = (s + 1) & mask) {
            if (keys[s] == EMPTY) {
                keys[s] = k;
                values[s] = rank;
                size++;
                return true;
            }
            if (keys[s] == k) {
                values[s] = rank;
                return false;
            }
        }
    }

    /** The rank of the pair, or -1 when it is not a merge. */
    int get(int left, int right) {
        long k = key(left, right);
        for (int s = slot(k); ; s = (s + 1) & mask) {
            long v = keys[s];
            if (v == k) {
                return values[s];
            }
            if (v == EMPTY) {
                return -1;
            }
        }
    }

    int size() {
        return size;
    }
}
