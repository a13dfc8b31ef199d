package io.outpost.gateway.endpoint;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

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
    // Counted by the proxy's attempts, read by the metrics at scrape time (LongAdder: no contention between loops).
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder retries = new LongAdder();

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

    /** An attempt on this member could not connect (refused, unreachable, unresolvable host). */
    public void countConnectFailure() {
        connectFailures.increment();
    }

    /** An attempt on this member got no response headers within the endpoint's timeout. */
    public void countTimeout() {
        timeouts.increment();
    }

    /** A failed attempt on this member was followed by another attempt (failover, retry, stale connection). */
    public void countRetry() {
        retries.increment();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** Pooled connections leased or being made, over every event loop: a gauge's snapshot, read without locking. */
    public int activeConnections() {
        int n = 0;
        for (ConnectionPool pool : pools.values()) {
            n += pool.activeCount();
        }
        return n;
    }

    /** Pooled connections open and idle, over every event loop (as {@link #activeConnections}). */
    public int idleConnections() {
        int n = 0;
        for (ConnectionPool pool : pools.values()) {
            n += pool.idleCount();
        }
        return n;
    }

    void close() {
        pools.forEach((loop, pool) -> loop.execute(pool::close));
    }
}
