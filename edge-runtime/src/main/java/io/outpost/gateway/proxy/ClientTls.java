package io.outpost.gateway.proxy;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import io.outpost.gateway.http.TrustedProxies;
import javax.net.ssl.SSLSession;

/**
 * What a client connection knows of TLS: its session on the HTTPS listener (the peer certificates
 * mutual TLS checks), and whether the client-certificate header of {@code security.mutualTls} may
 * be believed — only from a trusted proxy; anyone else's copy is taken out of every request.
 */
final class ClientTls {
    /** The header a trusted proxy passes the client certificate in, or null. */
    private final String certificateHeader;
    /** That header when the peer is not a trusted proxy: removed from each request, never believed. */
    private String untrustedHeader;
    /** The connection's TLS (the HTTPS listener), or null. */
    private SslHandler tls;
    private SSLSession session;

    ClientTls(String certificateHeader) {
        this.certificateHeader = certificateHeader;
    }

    /** On the HTTPS listener the channel's SslHandler is in place before the frontend. */
    void attach(ChannelPipeline pipeline) {
        tls = pipeline.get(SslHandler.class);
    }

    /** The connection's peer is known: decides once whether its certificate header is believed. */
    void peer(String address, TrustedProxies trusted) {
        if (certificateHeader != null && !trusted.trusts(address)) {
            untrustedHeader = certificateHeader;
        }
    }

    /** Takes an untrusted peer's certificate header out of a request. */
    void clean(HttpRequest request) {
        if (untrustedHeader != null) {
            request.headers().remove(untrustedHeader);
        }
    }

    /** Requests are decoded only after the handshake, so by the first one the session is there. */
    SSLSession session() {
        if (session == null && tls != null && tls.handshakeFuture().isSuccess()) {
            session = tls.engine().getSession();
        }
        return session;
    }
}
