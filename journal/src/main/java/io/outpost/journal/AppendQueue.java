package io.outpost.journal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded hand-off from many event-loop threads to the one appender thread. Lock-free on the
 * offering side (a CAS on the size, a lock-free queue, at most one unpark), because a Netty event
 * loop must never wait for the disk.
 *
 * <p>Under load the consumer gathers records for a short pause instead of being woken by every
 * offer: an unpark per record costs a futex call and, on a small device where the appender shares
 * a core with the event loop, a context switch that preempts the loop — more than the append itself.
 * An idle consumer is still woken by the first offer, and a queue filling up wakes it early.
 */
final class AppendQueue {
    /** Records, and {@link Acknowledged} records whose offerer waits for the appender's word. */
    private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    /** While the consumer gathers, an offer that brings the queue to this size wakes it. */
    private final int earlyWakeSize;
    private volatile Thread consumer;
    private volatile boolean consumerParked;
    private volatile boolean consumerGathering;

    AppendQueue(int capacity) {
        this.capacity = capacity;
        this.earlyWakeSize = Math.max(1, capacity / 4);
    }

    void consumer(Thread thread) {
        consumer = thread;
    }

    boolean offer(JournalRecord record) {
        return offer(record, false);
    }

    /**
     * @param urgent the offerer waits for the append (strict durability): a gathering consumer is
     *               woken at once instead of at the end of its pause
     */
    boolean offer(Object record, boolean urgent) {
        int s;
        do {
            s = size.get();
            if (s >= capacity) {
                return false;
            }
        } while (!size.compareAndSet(s, s + 1));
        items.offer(record);
        if (consumerParked || (consumerGathering && (urgent || s + 1 >= earlyWakeSize))) {
            wake();
        }
        return true;
    }

    /** A {@link JournalRecord} or an {@link Acknowledged} one, or null. */
    Object poll() {
        Object r = items.poll();
        if (r != null) {
            size.decrementAndGet();
        }
        return r;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return size.get();
    }

    /** Consumer only: sleeps until an offer, a {@link #wake()} or the timeout. */
    void awaitWork(long timeoutNanos) {
        consumerParked = true;
        try {
            if (items.isEmpty() && timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            consumerParked = false;
        }
    }

    /**
     * Consumer only: lets records gather for up to {@code pauseNanos}; only a queue reaching a
     * quarter of its capacity (or {@link #wake()}) ends the pause early.
     */
    void gather(long pauseNanos) {
        consumerGathering = true;
        try {
            if (size.get() < earlyWakeSize && pauseNanos > 0) {
                LockSupport.parkNanos(this, pauseNanos);
            }
        } finally {
            consumerGathering = false;
        }
    }

    void wake() {
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
