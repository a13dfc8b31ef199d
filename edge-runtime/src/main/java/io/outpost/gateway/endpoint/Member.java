package io.outpost.gateway.endpoint;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One URL of an endpoint, with its health: a member that failed (connect error or timeout) is
 * suspended for a while, doubling while it keeps failing, and is tried again when that ends —
 * the first request after it is the recovery probe.
 */
public final class Member {
    private static final long MAX_SUSPEND_MILLIS = 60_000;

    private final BackendTarget target;
    private final BackendConnector connector;
    private final ConcurrentHashMap<EventLoop, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long suspendedUntil;

    Member(BackendTarget target, BackendConnector connector) {
        this.target = target;
        this.connector = connector;
    }

    public BackendTarget target() {
        return target;
    }

    /** A pooled idle connection leased at once, or null: then {@link #acquire} makes or waits for one. */
    public BackendConnection leaseIdle(EventLoop loop, BackendListener listener) {
        return pool(loop).leaseIdle(listener);
    }

    public Future<BackendConnection> acquire(EventLoop loop, BackendListener listener) {
        return pool(loop).acquire(listener);
    }

    private ConnectionPool pool(EventLoop loop) {
        ConnectionPool pool = pools.get(loop);
        return pool != null ? pool : pools.computeIfAbsent(loop, l -> new ConnectionPool(l, target, connector));
    }

    public boolean available(long nowMillis) {
        return nowMillis >= suspendedUntil;
    }

    public void markFailure(long nowMillis, long baseSuspendMillis) {
        int failures = consecutiveFailures.incrementAndGet();
        long suspend = Math.min(MAX_SUSPEND_MILLIS, baseSuspendMillis << Math.min(failures - 1, 16));
        suspendedUntil = nowMillis + suspend;
    }

    public void markSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
            suspendedUntil = 0;
        }
    }

    void close() {
        pools.forEach((loop, pool) -> loop.execute(pool::close));
    }
}
