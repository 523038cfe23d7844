package dev.actionclip.prompts;

import java.util.Arrays;

/**
 * CLIP's BPE for long words in O(n log n) instead of the O(n²) of rescanning the word after every merge (which
 * made one 64 KB "word" take seconds and a 1 MB one a quarter of an hour), with exactly CLIP's result: take the
 * lowest-ranked pair present, merge all its occurrences left to right (an occurrence overlapping one just merged is
 * left alone), repeat. Symbols sit in a linked list; candidate pairs in a min-heap ordered by (rank, position).
 * All entries of the lowest rank are taken as one batch, which is CLIP's one left-to-right pass: the pairs that
 * pass can merge are exactly those adjacent when it starts, and pairs the batch creates wait for the next round,
 * whatever their rank. Entries are checked when taken (a merge changes symbols), so stale ones are skipped.
 */
final class LongWordBpe {
    /** Words up to this many bytes keep the simple scan in {@link ClipTokenizer}: faster when short. */
    static final int MIN_LENGTH = 64;

    private LongWordBpe() {
    }

    /** Merges {@code sym[0..n)} and returns the resulting ids. */
    static int[] merge(Vocabulary vocab, int[] sym, int n) {
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        Heap heap = new Heap(n);
        for (int i = 0; i + 1 < n; i++) {
            int r = vocab.rank(sym[i], sym[i + 1]);
            if (r >= 0) {
                heap.push(r, i);
            }
        }
        boolean[] dead = new boolean[n];
        int[] batch = new int[16];
        while (!heap.isEmpty()) {
            int rank = heap.minRank();
            int count = 0;
            while (!heap.isEmpty() && heap.minRank() == rank) {
                if (count == batch.length) {
                    batch = Arrays.copyOf(batch, count * 2);
                }
                batch[count++] = heap.pop(); // positions of one rank come out in increasing order
            }
            int a = vocab.mergeLeft(rank);
            int b = vocab.mergeRight(rank);
            int merged = vocab.mergeResult(rank);
            int made = 0;
            for (int k = 0; k < count; k++) {
                int i = batch[k];
                int j = dead[i] ? -1 : next[i];
                if (j < 0 || sym[i] != a || sym[j] != b) {
                    continue; // stale, a duplicate, or overlapping an occurrence merged just before
                }
                sym[i] = merged;
                dead[j] = true;
                next[i] = next[j];
                if (next[j] >= 0) {
                    prev[next[j]] = i;
                }
                batch[made++] = i; // reuse the batch array for the merged positions (made <= k)
            }
            for (int k = 0; k < made; k++) {
                int i = batch[k];
                if (dead[i]) {
                    continue;
                }
                if (prev[i] >= 0) {
                    int r = vocab.rank(sym[prev[i]], sym[i]);
                    if (r >= 0) {
                        heap.push(r, prev[i]);
                    }
                }
                if (next[i] >= 0) {
                    int r = vocab.rank(sym[i], sym[next[i]]);
                    if (r >= 0) {
                        heap.push(r, i);
                    }
                }
            }
        }
        int[] out = new int[n];
        int m = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[m++] = sym[i];
        }
        return Arrays.copyOf(out, m);
    }

    /** A binary min-heap of (rank, position) packed in longs: rank in the high half, position in the low. */
    private static final class Heap {
        private long[] items;
        private int size;

        Heap(int capacity) {
            items = new long[Math.max(16, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int minRank() {
            return (int) (items[0] >>> 32);
        }

        void push(int rank, int position) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            long v = ((long) rank << 32) | position;
            int i = size++;
            while (i > 0 && items[(i - 1) / 2] > v) {
                items[i] = items[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            items[i] = v;
        }

        /** Removes the minimum and returns its position. */
        int pop() {
            long top = items[0];
            long last = items[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && items[c + 1] < items[c]) {
                    c++;
                }
                if (items[c] >= last) {
                    break;
                }
                items[i] = items[c];
                i = c;
            }
            items[i] = last;
            return (int) top;
        }
    }
}
