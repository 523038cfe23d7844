package dev.actionclip.watch;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded hand-off from the decoding thread to the scoring thread that never blocks the producer: on a live
 * stream, when inference falls behind, windows are dropped rather than let the decoder fall behind. With
 * {@link Policy#DROP_OLDEST} the queue keeps the freshest windows (low latency); with {@link Policy#DROP_NEWEST}
 * it keeps what it has and refuses new ones (contiguous coverage in bursts). Dropped items are counted and given
 * to an optional callback (to release native memory, say).
 */
public final class LatestWindowQueue<T> {
    /** Which item to lose when full. */
    public enum Policy { DROP_OLDEST, DROP_NEWEST }

    private final int capacity;
    private final Policy policy;
    private final Consumer<T> onDrop;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long dropped;
    private boolean closed;

    public LatestWindowQueue(int capacity, Policy policy) {
        this(capacity, policy, null);
    }

    public LatestWindowQueue(int capacity, Policy policy, Consumer<T> onDrop) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.policy = policy;
        this.onDrop = onDrop;
        this.items = new ArrayDeque<>(capacity);
    }

    /**
     * Adds an item without blocking.
     *
     * @return false when this item itself was dropped (DROP_NEWEST on a full queue, or a closed queue)
     */
    public boolean offer(T item) {
        T lost;
        boolean accepted;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("queue is closed");
            }
            if (items.size() < capacity) {
                items.addLast(item);
                notEmpty.signal();
                return true;
            }
            dropped++;
            if (policy == Policy.DROP_OLDEST) {
                lost = items.pollFirst();
                items.addLast(item);
                notEmpty.signal();
                accepted = true;
            } else {
                lost = item;
                accepted = false;
            }
        } finally {
            lock.unlock();
        }
        if (onDrop != null) {
            onDrop.accept(lost);
        }
        return accepted;
    }

    /**
     * Takes the oldest item, waiting up to the timeout.
     *
     * @return null on timeout, or when the queue is closed and empty
     */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting for one; null once the queue is closed and drained. */
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return null;
                }
                notEmpty.await();
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** No more items: consumers drain what is left, then get null. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public Policy policy() {
        return policy;
    }
}
