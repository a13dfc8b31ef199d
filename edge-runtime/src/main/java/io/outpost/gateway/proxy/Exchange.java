package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import io.outpost.gateway.endpoint.Upstream;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.common.model.EndpointConfig;
import io.outpost.gateway.pipeline.ByteMeter;
import io.outpost.gateway.pipeline.EndpointSet;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Generation;
import io.outpost.gateway.pipeline.LocalReplies;
import io.outpost.gateway.pipeline.PipelineRun;
import io.outpost.gateway.pipeline.RoutePipeline;
import io.outpost.gateway.routing.RequestPath;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.CorsStage;
import io.outpost.journal.Outcome;
import java.util.List;

/**
 * One request/response exchange on a client connection, from its head to its record. It decides
 * (the request's framing, its route, the route's stages), then hands the jobs out: the body to
 * the {@link RequestBodyPump}, the backend to the {@link Attempts}, the response to their
 * {@link ResponseRelay}; it answers refusals through the route's local replies and ends with the
 * exchange's journal record. Everything runs on the client channel's event loop. See
 * docs/architecture.md, "The exchange, split by job".
 */
final class Exchange implements PipelineRun.Host {
    final ClientStream client;
    final ProxyWiring wiring;
    /** The generation this exchange is decided and served by, from its start to its end. */
    private final Generation generation;
    final HttpRequest request;
    final boolean keepAlive;
    final String correlationId;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    final RequestBodyPump body = new RequestBodyPump(this);
    private final LocalAnswers answers = new LocalAnswers(this);
    /** Null until the exchange proxies. */
    Attempts attempts;

    boolean requestComplete;
    boolean responseStarted;
    boolean responseComplete;
    boolean closeAfterResponse;
    /** Answered by the gateway (or answered early): what is left of the body is dropped. */
    boolean refused;
    private boolean ended;
    boolean responseFromBackend;
    /** The request's Content-Length, or -1 without one (or before the head was found sound). */
    long declaredLength = -1;
    /** The host the client asked for (absolute-form authority, else Host), or null: X-Forwarded-Host. */
    String requestHost;
    /** The one client address of this exchange (see http.TrustedProxies); the peer's until the head is admitted. */
    String clientAddress;
    /** The path and query the backend gets after the endpoint's own, once routed. */
    String upstreamPath;
    String upstreamQuery;
    int status;
    int errorCode;
    Outcome outcome;
    Route route;
    /** The renderer of the gateway's own answers: the route's, once routed. */
    private LocalReplies replies = LocalReplies.WSO2_FAULTS;
    /** The route's stages deciding, when it has any. */
    private PipelineRun run;
    /** Whether the route's responses must be decoded (a stage reads them): no raw-bytes path then. */
    boolean decodeResponse;
    /** What the stages read and add to, for routes that have stages. */
    ExchangeContext context;
    /** Told of body bytes as they stream, when a stage asked (a bandwidth quota); else null. */
    private ByteMeter meter;

    Exchange(ClientStream client, ProxyWiring wiring, HttpRequest request) {
        this.client = client;
        this.wiring = wiring;
        this.generation = wiring.generations().current();
        this.request = request;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.correlationId = ProxyHeaders.correlationId(request.headers());
        this.clientAddress = client.peerAddress();
    }

    void start() {
        RequestAdmission.Result admission = RequestAdmission.check(request, wiring.limits());
        if (admission instanceof RequestAdmission.Refused refusal) {
            if (request.decoderResult().isFailure()) {
                requestComplete = true; // the decoder discards everything after a bad message
            }
            refuse(refusal.fault(), List.of(), refusal.close());
            return;
        }
        RequestAdmission.Admitted admitted = (RequestAdmission.Admitted) admission;
        RequestPath path = admitted.path();
        requestHost = admitted.host();
        declaredLength = admitted.declaredLength();
        if (!wiring.trustedProxies().isEmpty()) {
            clientAddress = wiring.trustedProxies().clientAddress(clientAddress, request.headers());
        }
        String method = request.method().name();
        RouteTable.Lookup lookup = generation.routes().find(method, path, CorsStage.announcedMethod(request));
        if (lookup instanceof RouteTable.MethodNotAllowed m) {
            refuse(Faults.methodNotAllowed(method), m.allowed(), false);
        } else if (lookup instanceof RouteTable.Found found) {
            route = found.route();
            upstreamPath = path.encoded(found.baseSegments());
            upstreamQuery = path.rawQuery();
            RoutePipeline pipeline = generation.pipeline(route);
            replies = pipeline.replies();
            decodeResponse = pipeline.decodesResponse();
            if (pipeline.isEmpty()) {
                proceed(); // nothing to check: an open route pays for no stage
            } else {
                context = new ExchangeContext(request, path, clientAddress, client.scheme(), route, found.pathParameters(),
                        client.tlsSession());
                run = new PipelineRun(pipeline, context, this);
                run.start();
            }
        } else {
            refuse(Faults.notFound(), List.of(), false);
        }
    }

    // ---- the route's stages (pipeline.PipelineRun.Host) -------------------------------------

    @Override
    public void proceed() {
        if (context != null) {
            upstreamQuery = context.upstreamQuery(); // a stage may have taken a credential out
            meter = context.meter();
            metered(body.bytes()); // what came before the stages decided
        }
        boolean sandbox = context != null && context.endpoints() == EndpointSet.SANDBOX;
        EndpointConfig endpoint = sandbox ? route.sandbox() : route.production();
        Upstream target = endpoint == null ? null : generation.upstreams().get(endpoint);
        if (target == null) {
            refuse(sandbox ? Faults.noSandboxEndpoint() : Faults.noProductionEndpoint(), List.of(), false);
        } else if (target.unusable() != null) {
            refuse(Faults.backendUnavailable(target.unusable() + "."), List.of(), false);
        } else {
            attempts = new Attempts(this, target, body);
            body.streamTo(attempts, wiring.replayBufferBytes());
            attempts.start();
        }
    }

    @Override
    public void refuse(Fault fault) {
        abandonAttempt(); // a held body goes
        refuse(fault, List.of(), false);
    }

    @Override
    public void respond(HttpResponseStatus answer, HttpHeaders headers) {
        abandonAttempt();
        answers.respond(answer, headers);
    }

    @Override
    public void holdBody(long maxBytes) {
        body.hold(maxBytes);
    }

    @Override
    public void pauseReading(boolean paused) {
        body.pause(paused);
    }

    @Override
    public EventExecutor executor() {
        return client.eventLoop();
    }

    @Override
    public boolean awaitsDecision() {
        return isCurrent() && !responseStarted && attempts == null;
    }

    /** The body a stage held for is complete. */
    void bodyHeld(ByteBuf whole) {
        run.bodyComplete(whole);
    }

    // ---- refusals -------------------------------------------------------------------------------

    private void refuse(Fault fault, List<String> allow, boolean forceClose) {
        answers.refuse(replies.render(client.alloc(), fault, allow), fault.code(), forceClose);
    }

    /** Refuses and closes the connection after the answer: the rest of the request cannot be read. */
    void refuseAndClose(Fault fault) {
        refuse(fault, List.of(), true);
    }

    /** An attempt ended without a response the client can have. */
    void failBeforeResponse(Fault fault) {
        abandonAttempt();
        refuse(fault, List.of(), false);
    }

    /** Body bytes passed on (request or response), for a stage's meter. */
    void metered(long count) {
        if (meter != null && count > 0) {
            meter.bytes(count);
        }
    }

    /** Whether the client should be read now: the request is unfinished and its body is wanted. */
    boolean wantsRequestBytes() {
        return !requestComplete && body.wantsBytes();
    }

    void requestBodyTimedOut() {
        body.timedOut();
    }

    void onRequestContent(HttpContent content) {
        body.onContent(content);
    }

    /** The client has room again: read more of the response. */
    void resumeResponse() {
        if (attempts != null) {
            attempts.readBackendIfWanted();
        }
    }

    // ---- endings --------------------------------------------------------------------------------

    /** A backend response was taken for the client. */
    void responseFromBackend(int code) {
        responseStarted = true;
        responseFromBackend = true;
        status = code;
    }

    /** Gives up the attempt under way (connection, timers, breaker) and the body kept for it. */
    void abandonAttempt() {
        if (attempts != null) {
            attempts.abandon();
        }
        body.discardKept();
    }

    void onResponseWritten(boolean success) {
        responseComplete = true;
        if (!success) {
            outcome = Outcome.ABORTED;
            client.abort();
            return;
        }
        if (closeAfterResponse) {
            end();
            client.abort();
            return;
        }
        if (requestComplete) {
            finish();
        } else {
            // Answered before the whole body arrived (a refusal, or an early backend answer):
            // drop the rest of the body, then go on with the next request.
            refused = true;
            client.readMore();
        }
    }

    void finish() {
        end();
        client.exchangeFinished(this);
    }

    boolean isCurrent() {
        return client.isCurrent(this);
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
        end(false, null);
    }

    /** Whether the last write of an answer waits for the exchange's record (analytics.durability: strict). */
    boolean recordsFirst() {
        return wiring.observer().acknowledges();
    }

    /**
     * Strict durability: records the exchange as answered now, and writes the last of the answer
     * once the journal says the record is safe, back on this event loop. An answered request is then
     * never missing from the journal after a kill (docs/gateway.md, "Durability").
     */
    void recordThen(Runnable writeLast) {
        io.netty.channel.EventLoop loop = client.eventLoop();
        end(true, () -> loop.execute(writeLast));
    }

    /**
     * Reports the exchange, once (see {@link ExchangeReport}).
     *
     * @param answered the last of the answer is about to be written (strict durability)
     * @param recorded null, or what to run once the record is safe
     */
    private void end(boolean answered, Runnable recorded) {
        if (ended) {
            if (recorded != null) {
                recorded.run();
            }
            return;
        }
        ended = true;
        ExchangeReport.send(this, answered, recorded);
    }

    void decorate(HttpHeaders headers) {
        answers.decorate(headers);
    }

    AsciiString connectionForClient() {
        return answers.connectionForClient();
    }
}
