package io.outpost.journal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded hand-off from many event-loop threads to the one appender thread. Lock-free on the
 * offering side (a CAS on the size, a lock-free queue, at most one unpark), because a Netty event
 * loop must never wait for the disk.
 */
final class AppendQueue {
    private final ConcurrentLinkedQueue<JournalRecord> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private volatile Thread consumer;
    private volatile boolean consumerParked;

    AppendQueue(int capacity) {
        this.capacity = capacity;
    }

    void consumer(Thread thread) {
        consumer = thread;
    }

    boolean offer(JournalRecord record) {
        int s;
        do {
            s = size.get();
            if (s >= capacity) {
                return false;
            }
        } while (!size.compareAndSet(s, s + 1));
        items.offer(record);
        if (consumerParked) {
            wake();
        }
        return true;
    }

    JournalRecord poll() {
        JournalRecord r = items.poll();
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

    void wake() {
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
