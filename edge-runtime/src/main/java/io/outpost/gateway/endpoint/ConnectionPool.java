package io.outpost.gateway.endpoint;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to one backend address, for one event loop: every method runs on that
 * loop, so there is no locking. At most {@code maxActive} connections are leased or being made;
 * further requests wait (bounded) for one to come back. Idle connections are closed after the
 * configured idle time, before the backend closes them under a request.
 */
final class ConnectionPool {
    private record Waiter(Promise<BackendConnection> promise, BackendListener listener, ScheduledFuture<?>[] timeout) {}

    private final EventLoop loop;
    private final BackendTarget target;
    private final BackendConnector connector;
    private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ScheduledFuture<?> idleSweep;
    private int active;
    /** idle.size() for the metrics thread (an ArrayDeque must not be read off its loop); a plain field, no fence. */
    private int idleCount;
    private boolean closed;

    ConnectionPool(EventLoop loop, BackendTarget target, BackendConnector connector) {
        this.loop = loop;
        this.target = target;
        this.connector = connector;
        long period = Math.max(100, Math.min(1000, connector.idleTimeoutMillis() / 5));
        this.idleSweep = loop.scheduleAtFixedRate(this::closeExpiredIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** A connection leased to {@code listener}; cancel the future to give up waiting. */
    Future<BackendConnection> acquire(BackendListener listener) {
        Promise<BackendConnection> promise = loop.newPromise();
        if (closed) {
            return promise.setFailure(new BackendUnavailableException(BackendUnavailableException.Kind.CONNECT,
                    "the gateway is shutting down", null));
        }
        BackendConnection reused = leaseIdle(listener);
        if (reused != null) {
            return promise.setSuccess(reused);
        }
        if (active < connector.maxActivePerLoop()) {
            active++;
            connect(promise, listener);
            return promise;
        }
        long wait = connector.waitTimeMillis();
        if (wait <= 0) {
            return promise.setFailure(exhausted());
        }
        Waiter waiter = new Waiter(promise, listener, new ScheduledFuture<?>[1]);
        waiter.timeout()[0] = loop.schedule(() -> {
            if (waiters.remove(waiter)) {
                promise.tryFailure(exhausted());
            }
        }, wait, TimeUnit.MILLISECONDS);
        waiters.add(waiter);
        return promise;
    }

    /** An idle connection leased to {@code listener}, or null when none is left open. */
    BackendConnection leaseIdle(BackendListener listener) {
        if (closed) {
            return null;
        }
        // Most recently used first: the least likely to have been closed by the backend.
        for (BackendConnection c = idle.pollLast(); c != null; c = idle.pollLast()) {
            if (c.channel().isActive()) {
                idleCount = idle.size();
                active++;
                c.lease(listener);
                return c;
            }
        }
        idleCount = 0;
        return null;
    }

    void release(BackendConnection connection, boolean reusable) {
        active--;
        if (reusable && !closed) {
            Waiter waiter = nextWaiter();
            if (waiter != null) {
                active++;
                connection.lease(waiter.listener());
                if (!waiter.promise().trySuccess(connection)) {
                    connection.release(true);
                }
                return;
            }
            if (idle.size() < connector.maxIdlePerLoop()) {
                connection.idleSinceNanos = System.nanoTime();
                idle.addLast(connection);
                idleCount = idle.size();
                // Reading while idle lets a close (or stray bytes) from the backend be noticed now,
                // not by the next exchange.
                connection.channel().read();
                return;
            }
        }
        connection.channel().close();
        serveWaiter();
    }

    /**
     * Read by the metrics at scrape time, off this pool's loop: a plain read of a field only this
     * loop writes, so possibly a moment stale, which a gauge may be.
     */
    int activeCount() {
        return active;
    }

    int idleCount() {
        return idleCount;
    }

    /** Oldest first: the deque is ordered by the time each connection went idle. */
    private void closeExpiredIdle() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(connector.idleTimeoutMillis());
        for (BackendConnection c = idle.peekFirst(); c != null && now - c.idleSinceNanos >= limit; c = idle.peekFirst()) {
            idle.pollFirst();
            c.channel().close();
        }
        idleCount = idle.size();
    }

    void close() {
        closed = true;
        idleSweep.cancel(false);
        for (BackendConnection c = idle.poll(); c != null; c = idle.poll()) {
            c.channel().close();
        }
        idleCount = 0;
        for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
            w.timeout()[0].cancel(false);
            w.promise().tryFailure(new BackendUnavailableException(BackendUnavailableException.Kind.CONNECT,
                    "the gateway is shutting down", null));
        }
    }

    private void connect(Promise<BackendConnection> promise, BackendListener listener) {
        connector.resolver().resolve(loop, target.host(), target.port()).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                fail(promise, BackendUnavailableException.Kind.CONNECT, "cannot resolve the backend host " + target.host(),
                        resolved.cause());
                return;
            }
            BackendConnectionHandler handler = new BackendConnectionHandler();
            ChannelFuture connecting = connector.bootstrap(loop, target, handler)
                    .connect((InetSocketAddress) resolved.getNow());
            connecting.addListener(connected -> {
                if (!connected.isSuccess()) {
                    fail(promise, BackendUnavailableException.Kind.CONNECT, "cannot connect to the backend "
                            + target.authority(), connected.cause());
                    return;
                }
                Channel channel = connecting.channel();
                BackendConnection connection = new BackendConnection(channel, handler, this);
                channel.closeFuture().addListener(f -> {
                    if (idle.remove(connection)) {
                        idleCount = idle.size();
                    }
                });
                SslHandler tls = channel.pipeline().get(SslHandler.class);
                Future<?> ready = tls == null ? loop.newSucceededFuture(null) : tls.handshakeFuture();
                ready.addListener(handshake -> {
                    if (!handshake.isSuccess()) {
                        channel.close();
                        fail(promise, BackendUnavailableException.Kind.TLS, "TLS handshake with the backend "
                                + target.authority() + " failed: " + rootMessage(handshake.cause()), handshake.cause());
                        return;
                    }
                    connection.lease(listener);
                    if (!promise.trySuccess(connection)) {
                        connection.release(true); // the exchange gave up meanwhile
                    }
                });
            });
        });
    }

    private void fail(Promise<BackendConnection> promise, BackendUnavailableException.Kind kind, String message, Throwable cause) {
        active--;
        BackendWarnings.connectFailed(target, kind, message, cause); // rate-limited: one line per backend per 30 s
        promise.tryFailure(new BackendUnavailableException(kind, message, cause));
        serveWaiter();
    }

    /** A slot was freed: make a new connection for the longest waiter. */
    private void serveWaiter() {
        if (closed || active >= connector.maxActivePerLoop()) {
            return;
        }
        Waiter waiter = nextWaiter();
        if (waiter != null) {
            active++;
            connect(waiter.promise(), waiter.listener());
        }
    }

    private Waiter nextWaiter() {
        for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
            w.timeout()[0].cancel(false);
            if (!w.promise().isDone()) {
                return w;
            }
        }
        return null;
    }

    private BackendUnavailableException exhausted() {
        return new BackendUnavailableException(BackendUnavailableException.Kind.POOL_EXHAUSTED,
                "no connection to the backend " + target.authority() + " became free in time", null);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
