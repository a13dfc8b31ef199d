package io.outpost.gateway.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The backend response timeout of a client connection's exchanges (one runs at a time). Arming
 * only moves the deadline: one scheduled wake-up per connection follows it, and a wake-up that
 * comes before the deadline (it was moved on since) sleeps again for the rest. A task scheduled
 * and cancelled for every request costs two priority-queue operations on the event loop each time,
 * more than the rest of the exchange's bookkeeping; the wake-up here runs about once per timeout
 * period on a busy connection.
 */
final class ResponseDeadline {
    /** Told when the deadline it armed has passed. */
    interface Expiry {
        void responseDeadlinePassed();
    }

    private final EventExecutor executor;
    private Expiry armedFor;
    private long deadlineNanos;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpNanos;

    ResponseDeadline(EventExecutor executor) {
        this.executor = executor;
    }

    /** Sets the deadline for {@code owner}, replacing any other; {@code nowNanos} is a fresh {@link System#nanoTime()}. */
    void arm(Expiry owner, long nowNanos, long timeoutMillis) {
        armedFor = owner;
        deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (wakeUp != null && wakeUpNanos - deadlineNanos > 0) {
            wakeUp.cancel(false); // a shorter timeout than the one the wake-up was set for
            wakeUp = null;
        }
        if (wakeUp == null) {
            sleepUntilDeadline(nowNanos);
        }
    }

    /** Clears the deadline if {@code owner} armed it. */
    void disarm(Expiry owner) {
        if (armedFor == owner) {
            armedFor = null;
        }
    }

    /** The connection is gone: nothing more will be armed. */
    void close() {
        armedFor = null;
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
    }

    private void sleepUntilDeadline(long nowNanos) {
        wakeUpNanos = deadlineNanos;
        wakeUp = executor.schedule(this::wake, deadlineNanos - nowNanos, TimeUnit.NANOSECONDS);
    }

    private void wake() {
        wakeUp = null;
        Expiry owner = armedFor;
        if (owner == null) {
            return;
        }
        long now = System.nanoTime();
        if (deadlineNanos - now > 0) {
            sleepUntilDeadline(now);
            return;
        }
        armedFor = null;
        owner.responseDeadlinePassed();
    }
}
