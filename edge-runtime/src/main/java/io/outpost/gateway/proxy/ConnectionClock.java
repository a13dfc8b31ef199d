package io.outpost.gateway.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.outpost.gateway.config.GatewayConfig;
import java.util.concurrent.TimeUnit;

/**
 * The three waits of a client connection on one coarse clock: the time a request head may take to
 * arrive (slowloris), a stalled request body, and idle keep-alive. A periodic tick adds its period
 * to whichever wait is running. Timing each read or each request instead (a timestamp per read, a
 * timer per request) costs more on the request path than the whole check; the price is that a
 * timeout fires up to one tick late (a fifth of the shortest timeout, at most a second).
 */
final class ConnectionClock {

    /** What the clock looks at, and tells when a wait ran out. */
    interface Watched {
        boolean open();

        /** Whether a byte arrived since the last call. */
        boolean takeArrival();

        /** Whether a request head has begun to arrive. */
        boolean headStarted();

        /** The exchange under way, or null between requests. */
        Exchange current();

        void headTimedOut();

        void idleTimedOut();
    }

    private final GatewayConfig.Limits limits;
    private final Watched connection;
    private final long tickMillis;
    private ScheduledFuture<?> ticks;
    private long headWaitMillis;
    private long bodyWaitMillis;
    private long idleMillis;

    ConnectionClock(GatewayConfig.Limits limits, Watched connection) {
        this.limits = limits;
        this.connection = connection;
        long shortest = 1000L * Math.min(limits.idleTimeoutSeconds(),
                Math.min(limits.requestHeaderTimeoutSeconds(), limits.requestBodyTimeoutSeconds()));
        this.tickMillis = Math.max(100, Math.min(1000, shortest / 5));
    }

    void start(EventExecutor executor) {
        ticks = executor.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Between requests: the head and idle waits start afresh. */
    void awaitingHead() {
        headWaitMillis = 0;
        idleMillis = 0;
    }

    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /** One tick: advances the wait that is running, and ends it when due. */
    private void tick() {
        if (!connection.open()) {
            return;
        }
        boolean arrived = connection.takeArrival();
        Exchange current = connection.current();
        if (current != null) {
            headWaitMillis = 0;
            idleMillis = 0;
            bodyWaitMillis = arrived || !current.wantsRequestBytes() ? 0 : bodyWaitMillis + tickMillis;
            if (bodyWaitMillis >= 1000L * limits.requestBodyTimeoutSeconds()) {
                bodyWaitMillis = 0;
                current.requestBodyTimedOut();
            }
        } else if (connection.headStarted()) {
            bodyWaitMillis = 0;
            headWaitMillis += tickMillis;
            if (headWaitMillis >= 1000L * limits.requestHeaderTimeoutSeconds()) {
                stop();
                connection.headTimedOut();
            }
        } else {
            bodyWaitMillis = 0;
            idleMillis = arrived ? 0 : idleMillis + tickMillis;
            if (idleMillis >= 1000L * limits.idleTimeoutSeconds()) {
                connection.idleTimedOut();
            }
        }
    }
}
