package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.outpost.gateway.endpoint.BackendConnection;
import io.outpost.gateway.endpoint.BackendListener;
import io.outpost.gateway.endpoint.BackendUnavailableException;
import io.outpost.gateway.endpoint.CircuitBreaker;
import io.outpost.gateway.endpoint.Member;
import io.outpost.gateway.endpoint.RawResponseHead;
import io.outpost.gateway.endpoint.Upstream;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.http.RequestFraming;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Generation;
import io.outpost.gateway.pipeline.LocalReplies;
import io.outpost.gateway.pipeline.PipelineRun;
import io.outpost.gateway.pipeline.RoutePipeline;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.RequestPath;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request/response exchange on a client connection: decides it (refuse or proxy) and, when
 * proxying, runs the attempts against the endpoint's members — failover to the next member on a
 * connection failure or timeout, retries with back-off, the circuit breaker — while streaming the
 * body both ways with backpressure. Everything runs on the client channel's event loop.
 */
final class Exchange implements BackendListener, ResponseDeadline.Expiry, PipelineRun.Host {
    /** A refused request's body is read and dropped up to this size so the connection can be reused. */
    private static final long DISCARD_LIMIT = 1024 * 1024;
    /** Requests that may be sent again after a pooled connection turned out to be closed by the backend. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final int MAX_STALE_RETRIES = 3;

    /** Why an attempt failed, and what that allows next. */
    private enum Failure {
        CONNECT(true, true, true, true),
        TLS(true, false, true, true),
        POOL_EXHAUSTED(true, false, false, false),
        TIMEOUT(true, true, true, true),
        CLOSED(true, true, false, true),
        STATUS(false, true, false, false);

        final boolean failsOver;
        final boolean retryable;
        final boolean blamesMember;
        final boolean breakerFailure;

        Failure(boolean failsOver, boolean retryable, boolean blamesMember, boolean breakerFailure) {
            this.failsOver = failsOver;
            this.retryable = retryable;
            this.blamesMember = blamesMember;
            this.breakerFailure = breakerFailure;
        }
    }

    private final FrontendHandler frontend;
    private final ChannelHandlerContext ctx;
    private final ProxyWiring context;
    /** The generation this exchange is decided and served by, from its start to its end. */
    private final Generation generation;
    private final HttpRequest request;
    private final boolean keepAlive;
    private final String correlationId;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();

    boolean requestComplete;
    private boolean responseStarted;
    private boolean responseComplete;
    private boolean closeAfterResponse;
    private boolean refused;
    private boolean ended;
    private long discarded;
    /** The request's Content-Length, or -1 without one (or before the head was found sound). */
    private long declaredLength = -1;
    /** The host the client asked for (absolute-form authority, else Host), or null: X-Forwarded-Host. */
    private String requestHost;
    private long requestBodyBytes;
    private long responseBodyBytes;
    private int status;
    private int errorCode;
    private Outcome outcome;
    private Route route;
    /** The renderer of the gateway's own answers: the route's, once routed. */
    private LocalReplies replies = LocalReplies.WSO2_FAULTS;
    /** The route's stages deciding, when it has any. */
    private PipelineRun run;
    /** While a stage holds the body: the most it may hold; else -1. */
    private long holdLimit = -1;
    /** A stage's answer is pending: the client is not read meanwhile. */
    private boolean readPaused;

    // Proxying state (null/false until proxy() runs).
    private Upstream upstream;
    private String upstreamPath;
    private String upstreamQuery;
    private ReplayBuffer replay;
    /** Body pieces that arrived before the backend connection: most requests have none. */
    private ArrayDeque<HttpContent> pendingBody;
    private List<Member> order;
    private int orderIndex;
    private int attempts;
    private int retries;
    private int staleRetries;
    private Member member;
    private boolean breakerHeld;
    private Future<BackendConnection> acquiring;
    private BackendConnection connection;
    private boolean connected;
    private boolean bodySentUpstream;
    private boolean requestWrittenUpstream;
    private boolean responseKeepAlive;
    private boolean responseFromBackend;
    private boolean skipInformationalEnd;
    /** The request has no body: nothing follows its head to the backend. */
    private boolean bodyless;
    /** The request body goes to the backend in chunks (the client sent it chunked). */
    private boolean chunkedUpstream;
    /** The response head for the client, not yet written (see {@link #onResponseHead}). */
    private HttpResponse heldHead;
    /** The delay before a retry. */
    private ScheduledFuture<?> timer;
    /** The connection the response deadline was armed for: a later attempt's is another. */
    private BackendConnection timedConnection;
    private long attemptStartNanos;
    private long backendLatencyMicros = -1;

    Exchange(FrontendHandler frontend, HttpRequest request) {
        this.frontend = frontend;
        this.ctx = frontend.ctx;
        this.context = frontend.context;
        this.generation = context.generations().current();
        this.request = request;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.correlationId = ProxyHeaders.correlationId(request.headers());
    }

    void start() {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            Fault fault = cause instanceof TooLongHttpLineException ? Faults.uriTooLong()
                    : cause instanceof TooLongFrameException ? Faults.headersTooLarge()
                    : Faults.badRequest("Malformed HTTP request.");
            requestComplete = true; // the decoder discards everything after a bad message
            refuse(fault, List.of(), true);
            return;
        }
        if (request.headers().size() > context.limits().maxHeaderCount()) {
            refuse(Faults.tooManyHeaders(context.limits().maxHeaderCount()), List.of(), false);
            return;
        }
        // The decoder accepted the message, so its Content-Length is a single valid number.
        declaredLength = HttpUtil.getContentLength(request, -1L);
        RequestFraming.Result framing = RequestFraming.check(request);
        if (framing instanceof RequestFraming.Malformed malformed) {
            refuse(Faults.badRequest(malformed.reason()), List.of(), true); // what follows such a head is no request boundary
            return;
        }
        RequestFraming.Accepted framed = (RequestFraming.Accepted) framing;
        requestHost = framed.host();
        if (declaredLength > context.limits().maxRequestBodyBytes()) {
            refuse(Faults.payloadTooLarge(context.limits().maxRequestBodyBytes()), List.of(), false);
            return;
        }
        RequestPath path;
        try {
            path = PathNormalizer.normalize(framed.target());
        } catch (PathNormalizer.RejectedPath e) {
            refuse(Faults.badRequest("Invalid request path: " + e.getMessage() + "."), List.of(), false);
            return;
        }
        String method = request.method().name();
        RouteTable.Lookup lookup = generation.routes().find(method, path);
        if (lookup instanceof RouteTable.MethodNotAllowed m) {
            refuse(Faults.methodNotAllowed(method), m.allowed(), false);
        } else if (lookup instanceof RouteTable.Found found) {
            route = found.route();
            upstreamPath = path.encoded(found.baseSegments());
            upstreamQuery = path.rawQuery();
            RoutePipeline pipeline = generation.pipeline(route);
            replies = pipeline.replies();
            if (pipeline.isEmpty()) {
                proceed(); // nothing to check: an open route pays for no stage
            } else {
                run = new PipelineRun(pipeline, new ExchangeContext(request, path, frontend.clientIp(), frontend.scheme,
                        route, found.pathParameters()), this);
                run.start();
            }
        } else {
            refuse(Faults.notFound(), List.of(), false);
        }
    }

    // ---- the route's stages (pipeline.PipelineRun.Host) -------------------------------------

    @Override
    public void proceed() {
        Upstream target = route.production() == null ? null : generation.upstreams().get(route.production());
        if (target == null) {
            refuse(Faults.noProductionEndpoint(), List.of(), false);
        } else if (target.unusable() != null) {
            refuse(Faults.backendUnavailable(target.unusable() + "."), List.of(), false);
        } else {
            proxy(target);
        }
    }

    @Override
    public void refuse(Fault fault) {
        abandonAttempt(); // a held body goes
        refuse(fault, List.of(), false);
    }

    @Override
    public void holdBody(long maxBytes) {
        if (declaredLength > maxBytes || requestBodyBytes > maxBytes) {
            refuse(Faults.payloadTooLarge(maxBytes), List.of(), false);
            return;
        }
        holdLimit = maxBytes;
        if (requestComplete) {
            bodyHeld();
        } else if (frontend.isCurrent(this) && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        readPaused = paused;
        if (!paused && !requestComplete && wantsRequestBytes() && frontend.isCurrent(this) && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public io.netty.util.concurrent.EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public boolean awaitsDecision() {
        return frontend.isCurrent(this) && !responseStarted && upstream == null;
    }

    /** The whole body a stage asked for is here: lend it to the stage, which decides again. */
    private void bodyHeld() {
        holdLimit = -1;
        int pieces = pendingBody == null ? 0 : pendingBody.size();
        ByteBuf[] parts = new ByteBuf[pieces];
        int i = 0;
        for (HttpContent piece : pendingBody == null ? List.<HttpContent>of() : pendingBody) {
            parts[i++] = piece.content().retainedDuplicate();
        }
        ByteBuf body = Unpooled.wrappedBuffer(parts);
        try {
            run.bodyComplete(body.asReadOnly());
        } finally {
            body.release();
        }
    }

    // ---- refusals -------------------------------------------------------------------------------

    private void refuse(Fault fault, List<String> allow, boolean forceClose) {
        refused = true;
        responseStarted = true;
        status = fault.status().code();
        errorCode = fault.code();
        boolean bigBody = !requestComplete && (HttpUtil.isTransferEncodingChunked(request) || declaredLength > DISCARD_LIMIT);
        closeAfterResponse = forceClose || !keepAlive || bigBody;
        HttpResponse response = replies.render(ctx.alloc(), fault, allow);
        decorate(response.headers());
        ctx.writeAndFlush(response).addListener(f -> onResponseWritten(f.isSuccess()));
    }

    boolean wantsRequestBytes() {
        if (refused) {
            return true;
        }
        if (upstream == null) {
            return holdLimit >= 0 && !readPaused; // deciding: read only for a stage that holds the body
        }
        return connected && connection.channel().isWritable();
    }

    /** Whether the gateway is reading this request's body right now (so silence is the client's). */
    boolean waitingForRequestBody() {
        return !requestComplete && wantsRequestBytes();
    }

    void requestBodyTimedOut() {
        if (!responseStarted) {
            outcome = Outcome.TIMED_OUT;
            abandonAttempt();
            refuse(Faults.requestTimeout("The request body did not arrive in time."), List.of(), true);
        } else {
            outcome = Outcome.TIMED_OUT;
            ctx.close();
        }
    }

    // ---- request body ---------------------------------------------------------------------------

    void onRequestContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            malformedBody();
            return;
        }
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
        if (bodyless) {
            content.release(); // the end marker of a request without a body: its head said it all
            return;
        }
        requestBodyBytes += content.content().readableBytes();
        if (requestBodyBytes > context.limits().maxRequestBodyBytes()) {
            content.release();
            if (responseStarted) {
                ctx.close();
            } else {
                abandonAttempt();
                refuse(Faults.payloadTooLarge(context.limits().maxRequestBodyBytes()), List.of(), true);
            }
            return;
        }
        if (upstream == null) {
            holdWhileDeciding(content);
            return;
        }
        replay.offer(content);
        if (connected) {
            writeBody(content);
        } else {
            keepPending(content);
        }
    }

    /** A body piece that arrived while the route's stages decide. */
    private void holdWhileDeciding(HttpContent content) {
        if (holdLimit >= 0 && requestBodyBytes > holdLimit) {
            content.release();
            abandonAttempt();
            refuse(Faults.payloadTooLarge(holdLimit), List.of(), true);
            return;
        }
        keepPending(content);
        if (requestComplete && holdLimit >= 0) {
            bodyHeld();
        }
    }

    private void keepPending(HttpContent content) {
        if (pendingBody == null) {
            pendingBody = new ArrayDeque<>(4);
        }
        pendingBody.add(content);
    }

    /**
     * The body's framing broke (chunk grammar): the decoder discards everything after it, so the
     * request is refused and the connection closes; a backend connection that carried part of the
     * body is closed mid-request, so the backend never sees it as a complete request.
     */
    private void malformedBody() {
        requestComplete = true;
        closeAfterResponse = true;
        if (!responseStarted) {
            abandonAttempt();
            refuse(Faults.badRequest("Malformed request body: invalid chunked framing."), List.of(), true);
            return;
        }
        if (refused && !responseComplete) {
            return; // the refusal under way closes the connection once written
        }
        if (!responseComplete) {
            outcome = Outcome.ABORTED; // an early backend answer is cut off with the client
        }
        dropConnection();
        ctx.close();
    }

    private void writeBody(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        boolean progress = content.content().isReadable();
        if (progress) {
            bodySentUpstream = true;
        }
        BackendConnection sentOn = connection;
        ByteBuf framed = UpstreamBody.frame(content, chunkedUpstream);
        connection.channel().writeAndFlush(framed).addListener(f -> {
            if (connection != sentOn) {
                return; // an earlier attempt's write
            }
            if (f.isSuccess()) {
                if (last) {
                    requestWrittenUpstream = true;
                    if (responseComplete) {
                        releaseConnection();
                    }
                }
                if (!responseStarted && progress) {
                    armResponseTimeout(System.nanoTime()); // progress: the backend is taking the body
                }
            }
            // A failed write shows up as the connection closing: onBackendClosed decides.
        });
    }

    /** The backend has room again: read more of the request body. */
    private void resumeRequest() {
        if (frontend.isCurrent(this) && !requestComplete && !refused && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    /** The client has room again: read more of the response. */
    void resumeResponse() {
        if (connected && !responseComplete && connection.channel().isActive()) {
            connection.channel().read();
        }
    }

    // ---- proxying -------------------------------------------------------------------------------

    private void proxy(Upstream target) {
        upstream = target;
        replay = new ReplayBuffer(context.replayBufferBytes());
        // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body.
        chunkedUpstream = HttpUtil.isTransferEncodingChunked(request);
        bodyless = !chunkedUpstream && declaredLength <= 0;
        if (pendingBody != null) { // what arrived while stages decided
            if (bodyless) {
                releasePending();
            } else {
                for (HttpContent piece : pendingBody) {
                    replay.offer(piece);
                }
            }
        }
        order = upstream.attemptOrder(startMillis); // the exchange began microseconds ago: no clock read
        attempt();
    }

    /** Starts one attempt on {@code order[orderIndex]}. */
    private void attempt() {
        timer = null;
        if (!frontend.isCurrent(this) || responseStarted) {
            return;
        }
        CircuitBreaker breaker = upstream.breaker();
        if (breaker != null) {
            if (!breaker.tryAcquire(System.currentTimeMillis())) {
                failBeforeResponse(Faults.circuitOpen(upstream.description()));
                return;
            }
            breakerHeld = true;
        }
        attempts++;
        member = order.get(orderIndex);
        connected = false;
        requestWrittenUpstream = false;
        BackendConnection idle = member.leaseIdle(ctx.channel().eventLoop(), this);
        if (idle != null) {
            onConnected(idle);
            return;
        }
        acquiring = member.acquire(ctx.channel().eventLoop(), this);
        Future<BackendConnection> pending = acquiring;
        pending.addListener(f -> onAcquired(pending));
    }

    private void onAcquired(Future<BackendConnection> result) {
        if (acquiring != result || result.isCancelled()) {
            return;
        }
        acquiring = null;
        if (!result.isSuccess()) {
            BackendUnavailableException e = result.cause() instanceof BackendUnavailableException b ? b
                    : new BackendUnavailableException(BackendUnavailableException.Kind.CONNECT, String.valueOf(result.cause()), result.cause());
            Failure failure = switch (e.kind()) {
                case CONNECT -> Failure.CONNECT;
                case TLS -> Failure.TLS;
                case POOL_EXHAUSTED -> Failure.POOL_EXHAUSTED;
            };
            Fault fault = failure == Failure.TLS ? Faults.backendBroken(e.getMessage() + ".")
                    : Faults.backendUnavailable(capitalize(e.getMessage()) + ".");
            attemptFailed(failure, fault, false);
            return;
        }
        onConnected(result.getNow());
    }

    private void onConnected(BackendConnection leased) {
        connection = leased;
        connected = true;
        attemptStartNanos = System.nanoTime();
        Channel backend = connection.channel();
        ByteBuf head = connection.requestHeadBuffer();
        ProxyHeaders.writeUpstreamHead(head, request, member.target().requestTarget(upstreamPath, upstreamQuery),
                member.target().authority(), requestHost, frontend.clientIp(), frontend.scheme, correlationId,
                upstream.authorization(), chunkedUpstream);
        connection.expectResponseTo(HttpMethod.HEAD.equals(request.method()));
        if (bodyless) {
            BackendConnection sentOn = connection;
            ChannelFuture written = backend.writeAndFlush(head);
            if (written.isDone()) {
                headWritten(sentOn, written);
            } else {
                written.addListener(f -> headWritten(sentOn, written));
            }
        } else {
            backend.write(head, backend.voidPromise());
            if (attempts == 1 || !replay.usable()) {
                while (pendingBody != null && !pendingBody.isEmpty()) {
                    writeBody(pendingBody.poll());
                }
            } else {
                releasePending();
                for (HttpContent copy : replay.copies()) {
                    writeBody(copy);
                }
            }
            backend.flush();
        }
        armResponseTimeout(attemptStartNanos);
        backend.read();
        if (!requestComplete && backend.isWritable()) {
            ctx.read();
        }
    }

    private void headWritten(BackendConnection sentOn, ChannelFuture written) {
        if (connection == sentOn && written.isSuccess()) {
            requestWrittenUpstream = true;
        }
        // A failed write shows up as the connection closing: onBackendClosed decides.
    }

    private boolean canReplay() {
        return !bodySentUpstream || replay.usable();
    }

    /**
     * @param closedWithoutAnswer the backend closed the connection before any response byte: on a
     *                            reused pooled connection that is a stale connection, not a failing backend
     */
    private void attemptFailed(Failure failure, Fault fault, boolean closedWithoutAnswer) {
        cancelTimer();
        long now = System.currentTimeMillis();
        boolean stale = closedWithoutAnswer && connection != null && connection.reused();
        if (failure.blamesMember && upstream.tracksHealth()) {
            member.markFailure(now, upstream.suspendMillis());
        }
        settleBreaker(failure.breakerFailure && !stale);
        dropConnection();
        if (!frontend.isCurrent(this) || !ctx.channel().isActive()) {
            return;
        }
        if (stale && canReplay() && IDEMPOTENT.contains(request.method()) && staleRetries < MAX_STALE_RETRIES) {
            staleRetries++;
            attempt();
            return;
        }
        if (failure.failsOver && orderIndex + 1 < order.size() && canReplay()) {
            orderIndex++;
            attempt();
            return;
        }
        if (failure.retryable && retries < upstream.retry().count() && canReplay()) {
            retries++;
            order = upstream.attemptOrder(now);
            orderIndex = 0;
            timer = ctx.executor().schedule(this::attempt, upstream.retry().delayBefore(retries), TimeUnit.MILLISECONDS);
            return;
        }
        if (failure == Failure.TIMEOUT) {
            outcome = Outcome.TIMED_OUT;
        }
        failBeforeResponse(fault);
    }

    private void armResponseTimeout(long nowNanos) {
        cancelTimer();
        if (frontend.isCurrent(this)) {
            timedConnection = connection;
            frontend.responseDeadline.arm(this, nowNanos, upstream.timeoutMillis());
        }
    }

    @Override
    public void responseDeadlinePassed() {
        if (connection == timedConnection && connected && !responseStarted && frontend.isCurrent(this)) {
            attemptFailed(Failure.TIMEOUT, Faults.backendTimeout(), false);
        }
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            attemptFailed(Failure.CLOSED, Faults.backendBroken("The backend sent a malformed response."), false);
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
        if (!takeResponse(code, HttpUtil.isKeepAlive(response))) {
            return;
        }
        // The backend's head goes on to the client rewritten in place: copying it would validate
        // and hash every header again.
        boolean chunkedResponse = HttpUtil.isTransferEncodingChunked(response);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = response.headers();
        ProxyHeaders.removeHopByHop(headers);
        boolean responseBodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!responseBodyless && (chunkedResponse || !headers.contains(HttpHeaderNames.CONTENT_LENGTH))) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                closeAfterResponse = true; // an HTTP/1.0 client learns the end from the close
            }
        }
        decorate(headers);
        // Held until the body shows up: a whole small response then goes out as one message, one
        // buffer and one write, instead of a head and a body each through the pipeline.
        heldHead = response;
    }

    /**
     * Decides on a final response from the backend: settles the breaker and the member's health,
     * or starts a retry for a listed status.
     *
     * @return whether the response goes to the client
     */
    private boolean takeResponse(int code, boolean backendKeepsAlive) {
        cancelTimer();
        backendLatencyMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - attemptStartNanos);
        CircuitBreaker breaker = upstream.breaker();
        settleBreaker(breaker != null && breaker.failureStatus(code));
        if (upstream.retry().retriesStatus(code) && retries < upstream.retry().count() && canReplay()) {
            attemptFailed(Failure.STATUS, null, false); // certain to retry, so the fault is never sent
            return false;
        }
        if (upstream.tracksHealth()) {
            member.markSuccess();
        }
        replay.discard();
        responseStarted = true;
        responseFromBackend = true;
        responseKeepAlive = backendKeepsAlive;
        status = code;
        return true;
    }

    @Override
    public void onRawResponse(RawResponseHead head, ByteBuf buf, boolean last, boolean reusable) {
        if (responseStarted || !takeResponse(head.status(), head.keepAlive() && reusable)) {
            buf.release();
            return;
        }
        // The head goes on as bytes: the backend's lines but the hop-by-hop ones, then the
        // gateway's own fields, then the body bytes that came with it. Rewritten in the buffer it
        // came in when that has the room, else copied into a new one.
        responseBodyBytes += buf.readableBytes() - head.length();
        AsciiString connection = connectionForClient();
        int fieldsLength = ProxyHeaders.fieldLength(ProxyHeaders.CORRELATION_ID, correlationId)
                + (connection == null ? 0 : ProxyHeaders.fieldLength(HttpHeaderNames.CONNECTION, connection))
                + ProxyHeaders.CRLF.length;
        int end = head.openRoom(buf, fieldsLength);
        if (end >= 0) {
            writeGatewayFields(buf, connection);
            buf.writerIndex(end);
            writeRaw(buf, last, reusable);
            return;
        }
        ByteBuf out = ctx.alloc().buffer(buf.readableBytes() + fieldsLength);
        head.copyFieldsTo(buf, out);
        writeGatewayFields(out, connection);
        buf.skipBytes(head.length());
        out.writeBytes(buf);
        buf.release();
        writeRaw(out, last, reusable);
    }

    /** The fields the gateway adds to a response passed on as bytes, and the blank line after them. */
    private void writeGatewayFields(ByteBuf out, AsciiString connection) {
        ProxyHeaders.field(out, ProxyHeaders.CORRELATION_ID, correlationId);
        if (connection != null) {
            ProxyHeaders.field(out, HttpHeaderNames.CONNECTION, connection);
        }
        out.writeBytes(ProxyHeaders.CRLF);
    }

    @Override
    public void onRawBody(ByteBuf buf, boolean last, boolean reusable) {
        if (!responseStarted || responseComplete) {
            buf.release();
            return;
        }
        responseBodyBytes += buf.readableBytes();
        writeRaw(buf, last, reusable);
    }

    /** Writes response bytes past the client's response encoder; the last piece ends the response. */
    private void writeRaw(ByteBuf bytes, boolean last, boolean reusable) {
        if (!last) {
            frontend.rawOut.write(bytes);
            return;
        }
        endResponse(frontend.rawOut, bytes, reusable);
    }

    /**
     * Writes the last of the backend's response and gives its connection back. Back to the pool
     * first: the write usually completes at once, and its listener may start the client's next
     * (pipelined) exchange, which can then reuse this connection.
     *
     * @param reusable false when the backend sent more than its response
     */
    private void endResponse(ChannelOutboundInvoker out, Object last, boolean reusable) {
        responseComplete = true;
        if (requestWrittenUpstream && reusable) {
            releaseConnection();
        } else {
            dropConnection(); // mid-message (answered before the whole request went up), or out of step
        }
        ChannelFuture written = out.writeAndFlush(last);
        if (written.isDone()) {
            onResponseWritten(written.isSuccess()); // the usual case: the socket took it all at once
        } else {
            written.addListener(f -> onResponseWritten(f.isSuccess()));
        }
    }

    /** Writes the response head if it is still held back. */
    private void writeHeldHead() {
        if (heldHead != null) {
            ctx.write(heldHead);
            heldHead = null;
        }
    }

    @Override
    public void onResponseContent(HttpContent content) {
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
        responseBodyBytes += content.content().readableBytes();
        if (content instanceof LastHttpContent last) {
            Object message = content;
            if (heldHead != null) {
                message = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, heldHead.status(), last.content(),
                        heldHead.headers(), last.trailingHeaders());
                heldHead = null;
            }
            endResponse(ctx, message, true);
        } else {
            writeHeldHead();
            ctx.write(content);
        }
    }

    @Override
    public void onBackendReadComplete() {
        writeHeldHead();
        ctx.flush();
        if (connected && !responseComplete && ctx.channel().isWritable() && connection.channel().isActive()) {
            connection.channel().read();
        }
    }

    @Override
    public void onBackendWritable() {
        resumeRequest();
    }

    @Override
    public void onBackendClosed() {
        if (!frontend.isCurrent(this) || responseComplete || !connected) {
            return;
        }
        if (!responseStarted) {
            attemptFailed(Failure.CLOSED, Faults.backendBroken("The backend closed the connection without a response."), true);
        } else {
            // Headers are already out: the only honest signal left is to cut the client off.
            connected = false;
            connection = null;
            outcome = Outcome.RESET;
            ctx.close();
        }
    }

    // ---- endings --------------------------------------------------------------------------------

    private void failBeforeResponse(Fault fault) {
        abandonAttempt();
        refuse(fault, List.of(), false);
    }

    /** Gives up the current attempt (connection, timers, breaker, buffered body) without an answer. */
    private void abandonAttempt() {
        cancelTimer();
        if (acquiring != null) {
            acquiring.cancel(false);
            acquiring = null;
        }
        dropConnection();
        if (breakerHeld) {
            upstream.breaker().release();
            breakerHeld = false;
        }
        releasePending();
        if (replay != null) {
            replay.discard();
        }
    }

    private void onResponseWritten(boolean success) {
        responseComplete = true;
        if (!success) {
            outcome = Outcome.ABORTED;
            ctx.close();
            return;
        }
        if (closeAfterResponse) {
            end();
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
        end();
        frontend.finishExchange(this);
    }

    /** The client connection closed under this exchange. */
    void clientGone() {
        if (!responseComplete && outcome == null) {
            outcome = Outcome.ABORTED;
        }
        abandonAttempt();
        end();
    }

    /** Reports the exchange, once. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        Outcome result = outcome != null ? outcome
                : responseComplete ? Outcome.COMPLETED : Outcome.ABORTED;
        ExchangeRecord.Builder record = ExchangeRecord.builder()
                .timeMillis(startMillis)
                .method(request.method().name())
                .status(status)
                .outcome(result)
                .errorCode(responseFromBackend ? 0 : errorCode)
                .gatewayLatencyMicros(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos))
                .backendLatencyMicros(backendLatencyMicros)
                .requestBytes(requestBodyBytes)
                .responseBytes(responseBodyBytes)
                .userAgent(request.headers().get(HttpHeaderNames.USER_AGENT))
                .correlationId(correlationId);
        if (route != null) {
            record.apiName(route.api().name()).apiVersion(route.api().version()).apiContext(route.api().basePath())
                    .resource(route.resource().path());
        }
        context.observer().exchangeEnded(record, frontend.clientIp());
    }

    private void decorate(HttpHeaders headers) {
        headers.set(ProxyHeaders.CORRELATION_ID, correlationId);
        AsciiString connection = connectionForClient();
        if (connection != null) {
            headers.set(HttpHeaderNames.CONNECTION, connection);
        }
    }

    /**
     * The Connection value the client's response carries, or null for none: close when the
     * connection ends after it (which this decides), keep-alive for an HTTP/1.0 client that stays.
     */
    private AsciiString connectionForClient() {
        if (closeAfterResponse || !keepAlive || frontend.closing) {
            closeAfterResponse = true;
            return HttpHeaderValues.CLOSE;
        }
        return request.protocolVersion().isKeepAliveDefault() ? null : HttpHeaderValues.KEEP_ALIVE;
    }

    /** Settles the circuit breaker's permit for this attempt with its outcome. */
    private void settleBreaker(boolean failure) {
        if (breakerHeld) {
            breakerHeld = false;
            upstream.breaker().record(failure, System.currentTimeMillis());
        }
    }

    /** Returns a cleanly finished connection to its pool. */
    private void releaseConnection() {
        if (connection != null) {
            connection.release(responseKeepAlive);
            connection = null;
            connected = false;
        }
    }

    /** Closes the connection: it may be in the middle of a message. */
    private void dropConnection() {
        if (connection != null) {
            connection.release(false);
            connection = null;
        }
        connected = false;
    }

    /** Cancels the retry delay or the response timeout, whichever runs. */
    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        frontend.responseDeadline.disarm(this);
    }

    private void releasePending() {
        while (pendingBody != null && !pendingBody.isEmpty()) {
            pendingBody.poll().release();
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
