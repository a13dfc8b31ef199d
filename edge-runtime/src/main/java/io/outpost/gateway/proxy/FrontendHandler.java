package io.outpost.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.outpost.common.model.EndpointConfig;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.RequestPath;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: decides each request (refuse or proxy) and streams it to a backend
 * channel on the same event loop. Neither side auto-reads: the client is read only while the
 * backend can take more, the backend only while the client can, so a slow peer on either side
 * holds back the other instead of filling memory. Requests are handled one at a time; pipelined
 * requests that the decoder already produced wait in a bounded queue.
 */
public final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);
    /** A refused request's body is read and dropped up to this size so the connection can be reused. */
    private static final long DISCARD_LIMIT = 1024 * 1024;

    private final ProxyContext context;
    private final String scheme;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private int queuedRequests;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private boolean draining;

    public FrontendHandler(ProxyContext context, String scheme) {
        this.context = context;
        this.scheme = scheme;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Everything goes through the queue so that messages of a later (pipelined) request never
        // overtake those of the current one, whatever order exchanges finish in.
        if (enqueue(msg)) {
            drain();
        }
    }

    /** Hands queued messages to the current exchange while it still consumes its request. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!queued.isEmpty() && ctx.channel().isActive() && (current == null || !current.requestComplete)) {
                Object next = queued.poll();
                if (next instanceof HttpRequest) {
                    queuedRequests--;
                }
                dispatch(next);
            }
        } finally {
            draining = false;
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (current != null) {
                // A new head inside an unfinished request cannot happen with a sound decoder.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            current = new Exchange(request);
            current.start();
        }
        if (msg instanceof HttpContent content) {
            if (current == null) {
                content.release();
            } else {
                current.onRequestContent(content);
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private boolean enqueue(Object msg) {
        if (msg instanceof HttpRequest && ++queuedRequests > context.limits().maxPipelinedRequests()) {
            ReferenceCountUtil.release(msg);
            log.debug("closing {}: too many pipelined requests", ctx.channel().remoteAddress());
            ctx.close();
            return false;
        }
        queued.add(msg);
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current == null) {
            ctx.read();
        } else if (!current.requestComplete && current.wantsRequestBytes()) {
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
        if (evt instanceof IdleStateEvent && current == null) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.abort();
            current = null;
        }
        while (!queued.isEmpty()) {
            ReferenceCountUtil.release(queued.poll());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Called when both the request and the response of {@link #current} are done. */
    private void finishExchange() {
        current = null;
        drain();
        if (current == null || !current.requestComplete) {
            ctx.read();
        }
    }

    /** One request/response exchange on this connection. */
    private final class Exchange {
        private final HttpRequest request;
        private final boolean keepAlive;
        private final String correlationId;
        private boolean requestComplete;
        private boolean responseStarted;
        private boolean responseComplete;
        private boolean closeAfterResponse;
        private boolean refused;
        private long discarded;
        private Channel backend;
        private boolean connected;
        private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
        private ScheduledFuture<?> responseTimeout;
        private boolean skipInformationalEnd;

        Exchange(HttpRequest request) {
            this.request = request;
            this.keepAlive = HttpUtil.isKeepAlive(request);
            this.correlationId = ProxyHeaders.correlationId(request.headers());
        }

        void start() {
            DecoderResult result = request.decoderResult();
            if (result.isFailure()) {
                Throwable cause = result.cause();
                Fault fault = cause instanceof TooLongHttpLineException ? Faults.uriTooLong()
                        : cause instanceof TooLongHttpHeaderException ? Faults.headersTooLarge()
                        : cause instanceof TooLongFrameException ? Faults.headersTooLarge()
                        : Faults.badRequest("Malformed HTTP request.");
                requestComplete = true; // the decoder discards everything after a bad message
                refuse(fault, List.of(), true);
                return;
            }
            RequestPath path;
            try {
                path = PathNormalizer.normalize(request.uri());
            } catch (PathNormalizer.RejectedPath e) {
                refuse(Faults.badRequest("Invalid request path: " + e.getMessage() + "."), List.of(), false);
                return;
            }
            String method = request.method().name();
            RouteTable.Lookup lookup = context.routes().find(method, path);
            if (lookup instanceof RouteTable.MethodNotAllowed m) {
                refuse(Faults.methodNotAllowed(method), m.allowed(), false);
            } else if (lookup instanceof RouteTable.Found found) {
                Route route = found.route();
                if (!route.plainHttp() && scheme.equals("http")) {
                    refuse(Faults.httpsOnly(), List.of(), false);
                } else if (route.secured()) {
                    String authHeader = route.resource().authHeader() != null ? route.resource().authHeader()
                            : route.api().authHeader() != null ? route.api().authHeader() : "Authorization";
                    refuse(Faults.missingCredentials(authHeader), List.of(), false);
                } else if (route.production() == null || route.production().urls().isEmpty()) {
                    refuse(Faults.noProductionEndpoint(), List.of(), false);
                } else {
                    proxy(route.production(), path.encoded(found.baseSegments()), path.rawQuery());
                }
            } else {
                refuse(Faults.notFound(), List.of(), false);
            }
        }

        // ---- refusals -------------------------------------------------------------------------

        private void refuse(Fault fault, List<String> allow, boolean forceClose) {
            refused = true;
            responseStarted = true;
            boolean chunked = HttpUtil.isTransferEncodingChunked(request);
            long length = HttpUtil.getContentLength(request, 0L);
            boolean bigBody = !requestComplete && (chunked || length > DISCARD_LIMIT);
            closeAfterResponse = forceClose || !keepAlive || bigBody;
            HttpResponse response = Faults.response(ctx.alloc(), fault, allow);
            decorate(response.headers());
            ctx.writeAndFlush(response).addListener(f -> onResponseWritten(f.isSuccess()));
        }

        boolean wantsRequestBytes() {
            if (refused) {
                return true;
            }
            return connected && backend.isWritable();
        }

        // ---- proxying -------------------------------------------------------------------------

        private void proxy(EndpointConfig endpoint, String routedPath, String query) {
            BackendTarget target = context.target(endpoint.urls().get(0));
            HttpRequest upstream = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(),
                    target.requestTarget(routedPath, query));
            HttpHeaders headers = upstream.headers();
            headers.set(request.headers());
            boolean chunked = HttpUtil.isTransferEncodingChunked(request);
            ProxyHeaders.removeHopByHop(headers);
            if (chunked) {
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            headers.set(HttpHeaderNames.HOST, target.authority());
            ProxyHeaders.addForwarded(headers, clientIp(), scheme, request.headers().get(HttpHeaderNames.HOST));
            headers.set(ProxyHeaders.CORRELATION_ID, correlationId);

            long timeoutMillis = endpoint.advance() != null && endpoint.advance().timeoutInMillis() != null
                    ? endpoint.advance().timeoutInMillis() : context.limits().backendResponseTimeoutMillis();
            Future<InetSocketAddress> address = context.resolver().resolve(ctx.channel().eventLoop(),
                    target.host(), target.port());
            address.addListener(f -> {
                if (current != this || responseStarted) {
                    return;
                }
                if (!f.isSuccess()) {
                    failBeforeResponse(Faults.backendUnavailable("Cannot resolve the backend host " + target.host() + "."));
                    return;
                }
                connect(target, address.getNow(), upstream, timeoutMillis);
            });
        }

        private void connect(BackendTarget target, InetSocketAddress address, HttpRequest upstream, long timeoutMillis) {
            BackendHandler handler = new BackendHandler(this);
            Bootstrap bootstrap = new Bootstrap()
                    .group(ctx.channel().eventLoop())
                    .channel(context.backendChannelType())
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, context.limits().backendConnectTimeoutMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (target.tls()) {
                                SslHandler tls = context.backendTls().newHandler(ch.alloc(), target.host(), target.port());
                                SSLParameters params = tls.engine().getSSLParameters();
                                params.setEndpointIdentificationAlgorithm("HTTPS");
                                tls.engine().setSSLParameters(params);
                                ch.pipeline().addLast(tls);
                            }
                            ch.pipeline().addLast(new HttpClientCodec(4096, context.limits().maxHeaderSize(), 8192));
                            ch.pipeline().addLast(handler);
                        }
                    });
            ChannelFuture connecting = bootstrap.connect(address);
            backend = connecting.channel();
            connecting.addListener((ChannelFutureListener) f -> {
                if (current != this || responseStarted) {
                    f.channel().close();
                    return;
                }
                if (!f.isSuccess()) {
                    failBeforeResponse(Faults.backendUnavailable("Cannot connect to the backend " + target.authority() + "."));
                    return;
                }
                connected = true;
                backend.write(upstream);
                while (!pendingBody.isEmpty()) {
                    backend.write(pendingBody.poll());
                }
                backend.flush();
                responseTimeout = ctx.executor().schedule(() -> {
                    if (current == this && !responseStarted) {
                        failBeforeResponse(Faults.backendTimeout());
                    }
                }, timeoutMillis, TimeUnit.MILLISECONDS);
                backend.read();
                if (!requestComplete && backend.isWritable()) {
                    ctx.read();
                }
            });
        }

        void onRequestContent(HttpContent content) {
            if (content instanceof LastHttpContent) {
                requestComplete = true;
            }
            if (refused || responseComplete) {
                discarded += content.content().readableBytes();
                content.release();
                if (discarded > DISCARD_LIMIT && !closeAfterResponse) {
                    closeAfterResponse = true;
                }
                if (requestComplete && responseComplete) {
                    finish();
                } else if (discarded > DISCARD_LIMIT && responseComplete) {
                    ctx.close();
                }
                return;
            }
            if (!connected) {
                pendingBody.add(content);
                return;
            }
            backend.writeAndFlush(content).addListener(f -> {
                if (!f.isSuccess() && current == this && !responseStarted) {
                    failBeforeResponse(Faults.backendBroken("The backend connection failed while sending the request."));
                }
            });
        }

        /** The backend has room again: read more of the request body. */
        void resumeRequest() {
            if (current == this && !requestComplete && !refused && ctx.channel().isActive()) {
                ctx.read();
            }
        }

        /** The client has room again: read more of the response. */
        void resumeResponse() {
            if (backend != null && connected && !responseComplete && backend.isActive()) {
                backend.read();
            }
        }

        void onResponseHead(HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                failBeforeResponse(Faults.backendBroken("The backend sent a malformed response."));
                return;
            }
            int code = response.status().code();
            if (code >= 100 && code < 200) {
                skipInformationalEnd = true;
                if (code == 100 && HttpUtil.is100ContinueExpected(request)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                return;
            }
            cancelTimeout();
            responseStarted = true;
            HttpResponse toClient = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
            HttpHeaders headers = toClient.headers();
            headers.set(response.headers());
            boolean chunkedUpstream = HttpUtil.isTransferEncodingChunked(response);
            ProxyHeaders.removeHopByHop(headers);
            boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
            if (!bodyless && (chunkedUpstream || !headers.contains(HttpHeaderNames.CONTENT_LENGTH))) {
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
                if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                    headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                } else {
                    closeAfterResponse = true; // an HTTP/1.0 client learns the end from the close
                }
            }
            decorate(headers);
            ctx.write(toClient);
        }

        void onResponseContent(HttpContent content) {
            if (skipInformationalEnd) {
                if (content instanceof LastHttpContent) {
                    skipInformationalEnd = false;
                }
                content.release();
                return;
            }
            if (!responseStarted || responseComplete) {
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                responseComplete = true;
                ctx.writeAndFlush(content).addListener(f -> onResponseWritten(f.isSuccess()));
                closeBackend();
            } else {
                ctx.write(content);
            }
        }

        void onBackendReadComplete() {
            ctx.flush();
            if (!responseComplete && ctx.channel().isWritable() && backend.isActive()) {
                backend.read();
            }
        }

        void onBackendClosed() {
            if (current != this || responseComplete) {
                return;
            }
            if (!responseStarted) {
                failBeforeResponse(Faults.backendBroken("The backend closed the connection without a response."));
            } else {
                // Headers are already out: the only honest signal left is to cut the client off.
                ctx.close();
            }
        }

        private void failBeforeResponse(Fault fault) {
            cancelTimeout();
            closeBackend();
            releasePending();
            refuse(fault, List.of(), false);
        }

        private void onResponseWritten(boolean success) {
            responseComplete = true;
            if (!success || closeAfterResponse) {
                ctx.close();
                return;
            }
            if (requestComplete) {
                finish();
            } else {
                // Answered before the whole body arrived (a refusal, or an early backend answer):
                // drop the rest of the body, then go on with the next request.
                refused = true;
                ctx.read();
            }
        }

        private void finish() {
            if (current == this) {
                finishExchange();
            }
        }

        private void decorate(HttpHeaders headers) {
            headers.set(ProxyHeaders.CORRELATION_ID, correlationId);
            if (closeAfterResponse || !keepAlive) {
                closeAfterResponse = true;
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (!request.protocolVersion().isKeepAliveDefault()) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }

        void abort() {
            cancelTimeout();
            closeBackend();
            releasePending();
        }

        private void closeBackend() {
            if (backend != null) {
                backend.close();
            }
        }

        private void cancelTimeout() {
            if (responseTimeout != null) {
                responseTimeout.cancel(false);
                responseTimeout = null;
            }
        }

        private void releasePending() {
            while (!pendingBody.isEmpty()) {
                pendingBody.poll().release();
            }
        }

        private String clientIp() {
            return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : "unknown";
        }
    }

    /** The backend side of one exchange. */
    private static final class BackendHandler extends ChannelInboundHandlerAdapter {
        private final Exchange exchange;

        BackendHandler(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpObject)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                exchange.onResponseHead(response);
            }
            if (msg instanceof HttpContent content) {
                exchange.onResponseContent(content);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            exchange.onBackendReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                exchange.resumeRequest();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            exchange.onBackendClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("backend connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
