package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObject;

/**
 * The client side of an exchange: everything the exchange, its body pump, its attempts and its
 * relay need of the client. Today one HTTP/1.1 connection ({@link FrontendHandler}, one exchange at
 * a time); an HTTP/2 stream is to be a second implementation without touching stages or attempts
 * (docs/architecture.md, "Seams").
 */
interface ClientStream {

    /** The event loop the exchange runs on: backend connections are leased on it, its timers run on it. */
    EventLoop eventLoop();

    ByteBufAllocator alloc();

    /** The address of the connection's peer (the client, or a proxy in front: see http.TrustedProxies). */
    String peerAddress();

    /** {@code http} or {@code https}: the listener the request came in on. */
    String scheme();

    /** The connection's TLS session once its handshake is done (peer certificates for mutual TLS), or null over plain HTTP. */
    default javax.net.ssl.SSLSession tlsSession() {
        return null;
    }

    /** Sends a message of the response (its head, a piece of its body) without flushing. */
    void send(HttpObject message);

    /** Sends the last message of the response and flushes; the future completes when it is written. */
    ChannelFuture sendLast(HttpObject message);

    /** Sends response bytes exactly as given (an HTTP/1.1 response passed on as bytes), without flushing. */
    void sendRaw(ByteBuf bytes);

    /** Sends the last response bytes and flushes. */
    ChannelFuture sendRawLast(ByteBuf bytes);

    void flush();

    /** Whether the client can take more of the response now (backpressure on the backend). */
    boolean writable();

    boolean open();

    /** Reads more of the request, if the exchange under way wants it (the one read rule). */
    void readMore();

    /** Ends the connection (an HTTP/2 stream: resets it) now: the exchange cannot finish cleanly. */
    void abort();

    /** Whether the connection closes once this exchange is done (the gateway is draining). */
    boolean closingAfterExchange();

    /** The backend response deadline of the exchange under way: one wake-up, moved lazily (no task per request). */
    ResponseDeadline responseDeadline();

    /** Whether this exchange is the one the client side serves now. */
    boolean isCurrent(Exchange exchange);

    /** Both the request and the response of the exchange are done: go on with the next one. */
    void exchangeFinished(Exchange exchange);
}
