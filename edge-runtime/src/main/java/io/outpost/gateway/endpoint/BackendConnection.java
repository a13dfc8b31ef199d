package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A backend connection leased from a {@link ConnectionPool} to one exchange. It goes back with
 * {@link #release} — reusable only when the request was written completely and the response
 * read completely, so the next exchange starts on a clean HTTP/1.1 message boundary.
 */
public final class BackendConnection {
    private final Channel channel;
    private final BackendConnectionHandler handler;
    private final ConnectionPool pool;
    private int uses;
    private boolean leased;
    /** When it last went back to the pool idle. */
    long idleSinceNanos;

    BackendConnection(Channel channel, BackendConnectionHandler handler, ConnectionPool pool) {
        this.channel = channel;
        this.handler = handler;
        this.pool = pool;
    }

    public Channel channel() {
        return channel;
    }

    /** An empty buffer to write the next request head into (reused from request to request). */
    public ByteBuf requestHeadBuffer() {
        return handler.requestHeadBuffer();
    }

    /**
     * Tells the response reader what the request about to be written is: the answer to HEAD has no
     * body; and whether its response may be passed on as bytes, or must be decoded (a route with a
     * stage that reads the response).
     */
    public void expectResponseTo(boolean headMethod, boolean passBytes) {
        handler.expectResponseTo(headMethod, passBytes);
    }

    /** Whether an earlier exchange used this connection (the backend may have closed it meanwhile). */
    public boolean reused() {
        return uses > 1;
    }

    void lease(BackendListener listener) {
        uses++;
        leased = true;
        handler.lease(listener);
    }

    /** Returns the connection; a non-reusable one is closed. Safe to call more than once. */
    public void release(boolean reusable) {
        if (!leased) {
            return;
        }
        leased = false;
        handler.unlease();
        pool.release(this, reusable && channel.isActive());
    }
}
