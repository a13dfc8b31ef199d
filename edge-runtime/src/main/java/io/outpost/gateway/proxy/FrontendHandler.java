package io.outpost.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.outpost.gateway.config.GatewayConfig;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Requests are handled one at a time by an {@link Exchange}; pipelined
 * requests that the decoder already produced wait in a bounded queue. The connection is read only
 * when the current exchange can take more (AUTO_READ is off), so a slow backend holds the client
 * back instead of filling memory. Also enforces the connection-level limits: the number of
 * connections, the time a request head may take to arrive (slowloris), a stalled request body,
 * idle keep-alive (on one {@link ConnectionClock}), and draining on shutdown. It is the exchanges'
 * {@link ClientStream}.
 */
public final class FrontendHandler extends ChannelClientStream implements ConnectionClock.Watched {
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final ProxyWiring wiring;
    private final String scheme;
    private final ClientTls tls;
    private final ClientRequestDecoder decoder;
    private final ClientResponseEncoder encoder;
    private final PipelinedRequests queued;
    private Exchange current;
    private boolean dispatching;
    private boolean admitted;
    /** Close once the current exchange is done (draining). */
    private boolean closing;
    private String clientIp;
    private final ConnectionClock clock;
    /** The backend response timeout of the exchange under way. */
    private ResponseDeadline responseDeadline;

    private FrontendHandler(ProxyWiring wiring, String scheme, String certificateHeader) {
        this.wiring = wiring;
        this.scheme = scheme;
        this.tls = new ClientTls(certificateHeader);
        GatewayConfig.Limits limits = wiring.limits();
        this.encoder = new ClientResponseEncoder();
        this.decoder = new ClientRequestDecoder(limits.maxInitialLineLength(), limits.maxHeaderSize(), this::closeAfterAnswer);
        this.clock = new ConnectionClock(limits, this);
        this.queued = new PipelinedRequests(limits.maxPipelinedRequests());
    }

    /**
     * Sets up a client connection's pipeline: Netty's response encoder and request decoder, then
     * this handler. Responses passed on as bytes are written from the encoder's place, past it. On
     * the HTTPS listener the channel's SslHandler is already in place.
     *
     * @param certificateHeader the client-certificate header of mutual TLS, or null: it is taken
     *                          out of requests whose connection does not come from a trusted proxy
     */
    public static void install(Channel channel, ProxyWiring wiring, String scheme, String certificateHeader) {
        FrontendHandler frontend = new FrontendHandler(wiring, scheme, certificateHeader);
        channel.pipeline().addLast(frontend.encoder, frontend.decoder, frontend);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        tls.attach(ctx.pipeline());
        this.rawOut = ctx.pipeline().context(encoder);
        this.responseDeadline = new ResponseDeadline(ctx.executor());
    }

    /** Closes the connection once the request being read now is answered. */
    private void closeAfterAnswer() {
        closing = true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!wiring.connections().admit(ctx.channel())) {
            log.debug("refusing connection from {}: connection limit reached or draining", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        admitted = true;
        tls.peer(clientIp(), wiring.trustedProxies());
        clock.start(ctx.executor());
        awaitNextRequest();
        readIfWanted();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!admitted) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // Everything goes through the queue so that messages of a later (pipelined) request never
        // overtake those of the current one, whatever order exchanges finish in.
        if (enqueue(msg)) {
            dispatch();
        }
    }

    /** Hands queued messages to the current exchange while it still consumes its request. */
    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            while (!queued.isEmpty() && ctx.channel().isActive() && (current == null || !current.requestComplete)) {
                Object next = queued.poll();
                if (next instanceof HttpRequest request) {
                    if (current != null) {
                        // A new head inside an unfinished request cannot happen with a sound decoder.
                        ReferenceCountUtil.release(next);
                        ctx.close();
                        return;
                    }
                    tls.clean(request);
                    current = new Exchange(this, wiring, request);
                    encoder.headRequest(HttpMethod.HEAD.equals(request.method()));
                    current.start();
                } else if (next instanceof HttpContent content) {
                    if (current == null) {
                        content.release();
                    } else {
                        current.onRequestContent(content);
                    }
                } else {
                    ReferenceCountUtil.release(next);
                }
            }
        } finally {
            dispatching = false;
        }
    }

    private boolean enqueue(Object msg) {
        if (queued.add(msg)) {
            return true;
        }
        ReferenceCountUtil.release(msg);
        log.debug("closing {}: too many pipelined requests", ctx.channel().remoteAddress());
        ctx.close();
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readIfWanted();
    }

    /**
     * The one rule for reading from the client (AUTO_READ is off): between exchanges always, for
     * the next head; during one, when it wants request bytes (see {@link Exchange#wantsRequestBytes}).
     */
    void readIfWanted() {
        if (ctx.channel().isActive() && (current == null || current.wantsRequestBytes())) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && current != null) {
            current.resumeResponse();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ConnectionTracker.DRAIN) {
            closing = true;
            if (current == null && queued.isEmpty()) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        clock.stop();
        responseDeadline.close();
        if (admitted) {
            wiring.connections().closed();
        }
        if (current != null) {
            Exchange ending = current;
            current = null;
            ending.clientGone();
        }
        queued.releaseAll();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    // ---- ClientStream: what exchanges ask of this connection ------------------------------------

    @Override
    public String peerAddress() {
        return clientIp();
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public SSLSession tlsSession() {
        return tls.session();
    }

    @Override
    public void readMore() {
        readIfWanted();
    }

    @Override
    public boolean closingAfterExchange() {
        return closing;
    }

    @Override
    public ResponseDeadline responseDeadline() {
        return responseDeadline;
    }

    @Override
    public boolean isCurrent(Exchange exchange) {
        return current == exchange;
    }

    /** Called when both the request and the response of the current exchange are done. */
    @Override
    public void exchangeFinished(Exchange exchange) {
        if (current != exchange) {
            return;
        }
        current = null;
        if (closing) {
            ctx.close();
            return;
        }
        awaitNextRequest();
        dispatch();
        readIfWanted();
    }

    /** Formatted once per connection: every exchange on it reports and forwards it. */
    String clientIp() {
        if (clientIp == null) {
            clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
        }
        return clientIp;
    }

    private void awaitNextRequest() {
        encoder.headRequest(false);
        decoder.awaitHead();
        clock.awaitingHead();
    }

    // ---- ConnectionClock.Watched -----------------------------------------------------------------

    @Override
    public boolean takeArrival() {
        return decoder.takeArrival();
    }

    @Override
    public boolean headStarted() {
        return decoder.headStarted();
    }

    @Override
    public Exchange current() {
        return current;
    }

    @Override
    public void idleTimedOut() {
        log.debug("closing {}: idle for {} s", ctx.channel().remoteAddress(), wiring.limits().idleTimeoutSeconds());
        ctx.close();
    }

    @Override
    public void headTimedOut() {
        log.debug("closing {}: request head not complete after {} s", ctx.channel().remoteAddress(),
                wiring.limits().requestHeaderTimeoutSeconds());
        LocalAnswers.headTimedOut(ctx, wiring, clientIp());
    }
}
