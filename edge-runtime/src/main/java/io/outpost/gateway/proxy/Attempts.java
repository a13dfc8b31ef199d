package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.outpost.gateway.endpoint.BackendWarnings;
import io.outpost.gateway.endpoint.BackendConnection;
import io.outpost.gateway.endpoint.BackendUnavailableException;
import io.outpost.gateway.endpoint.Member;
import io.outpost.gateway.endpoint.Upstream;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.journal.Outcome;
import java.util.concurrent.TimeUnit;

/**
 * The attempts of one proxied exchange against its endpoint, in the spirit of Envoy's router
 * ({@code UpstreamRequest} for an attempt, {@code RetryState} for the policy), as one type: one
 * lease at a time with its response deadline; failover to the next member, retries with back-off,
 * a stale pooled connection tried again, and the circuit breaker, as the failure table
 * ({@link AttemptFailure}) and the {@link RetryState} allow. The {@link ResponseRelay} listens to the
 * leased connection and passes on what concerns the attempt. Runs on the client's event loop.
 */
final class Attempts implements ResponseDeadline.Expiry {
    private final Exchange exchange;
    private final Upstream upstream;
    private final RequestBodyPump body;
    private final ResponseRelay relay;
    private RetryState retry;
    private int attempts;
    private Member member;
    private final BreakerPermit permit;
    private Future<BackendConnection> acquiring;
    private BackendConnection connection;
    private boolean connected;
    private boolean bodySentUpstream;
    private boolean requestWrittenUpstream;
    /** Whether the backend keeps the connection after its response. */
    private boolean responseKeepAlive;
    /** The delay before a retry. */
    private ScheduledFuture<?> timer;
    /** The connection the response deadline was armed for: a later attempt's is another. */
    private BackendConnection timedConnection;
    private long attemptStartNanos;
    private long backendLatencyMicros = -1;

    Attempts(Exchange exchange, Upstream upstream, RequestBodyPump body) {
        this.exchange = exchange;
        this.upstream = upstream;
        this.body = body;
        this.relay = new ResponseRelay(exchange, this);
        this.permit = new BreakerPermit(upstream.breaker());
    }

    void start() {
        retry = new RetryState(upstream, exchange.startMillis); // the exchange began microseconds ago: no clock read
        attempt();
    }

    ResponseRelay relay() {
        return relay;
    }

    long backendLatencyMicros() {
        return backendLatencyMicros;
    }

    /** Whether the current attempt's backend connection can take more request body now. */
    boolean acceptsBody() {
        return connected && connection.channel().isWritable();
    }

    boolean connected() {
        return connected;
    }

    /** Starts one attempt on {@code order[orderIndex]}. */
    private void attempt() {
        timer = null;
        if (!exchange.isCurrent() || exchange.responseStarted) {
            return;
        }
        if (!permit.take()) {
            exchange.failBeforeResponse(Faults.circuitOpen(upstream.description()));
            return;
        }
        attempts++;
        member = retry.member();
        connected = false;
        requestWrittenUpstream = false;
        BackendConnection idle = member.leaseIdle(exchange.client.eventLoop(), relay);
        if (idle != null) {
            onConnected(idle);
            return;
        }
        acquiring = member.acquire(exchange.client.eventLoop(), relay);
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
            AttemptFailure failure = AttemptFailure.of(e.kind());
            failed(failure, failure.fault(e.getMessage()), false);
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
        ProxyHeaders.writeUpstreamHead(head, exchange.request,
                member.target().requestTarget(exchange.upstreamPath, exchange.upstreamQuery), member.target().authority(),
                exchange.requestHost, exchange.client.peerAddress(), exchange.client.scheme(), exchange.correlationId,
                upstream.authorization(), body.chunked());
        connection.expectResponseTo(HttpMethod.HEAD.equals(exchange.request.method()), !exchange.decodeResponse);
        if (body.bodyless()) {
            BackendConnection sentOn = connection;
            ChannelFuture written = backend.writeAndFlush(head);
            if (written.isDone()) {
                headWritten(sentOn, written);
            } else {
                written.addListener(f -> headWritten(sentOn, written));
            }
        } else {
            backend.write(head, backend.voidPromise());
            body.sendKept(attempts == 1);
            backend.flush();
        }
        armResponseTimeout(attemptStartNanos);
        readBackendIfWanted();
        exchange.client.readMore();
    }

    private void headWritten(BackendConnection sentOn, ChannelFuture written) {
        if (connection == sentOn && written.isSuccess()) {
            requestWrittenUpstream = true;
        }
        // A failed write shows up as the connection closing: onBackendClosed decides.
    }

    /** Writes one piece of the request body to this attempt's connection. */
    void writeBody(HttpContent content, boolean chunked) {
        boolean last = content instanceof LastHttpContent;
        boolean progress = content.content().isReadable();
        if (progress) {
            bodySentUpstream = true;
        }
        BackendConnection sentOn = connection;
        ByteBuf framed = UpstreamBody.frame(content, chunked);
        connection.channel().writeAndFlush(framed).addListener(f -> {
            if (connection != sentOn) {
                return; // an earlier attempt's write
            }
            if (f.isSuccess()) {
                if (last) {
                    requestWrittenUpstream = true;
                    if (exchange.responseComplete) {
                        releaseConnection();
                    }
                }
                if (!exchange.responseStarted && progress) {
                    armResponseTimeout(System.nanoTime()); // progress: the backend is taking the body
                }
            }
            // A failed write shows up as the connection closing: onBackendClosed decides.
        });
    }

    private boolean canReplay() {
        return !bodySentUpstream || body.replayable();
    }

    /**
     * @param closedWithoutAnswer the backend closed the connection before any response byte: on a
     *                            reused pooled connection that is a stale connection, not a failing backend
     */
    void failed(AttemptFailure failure, Fault fault, boolean closedWithoutAnswer) {
        cancelTimer();
        long now = System.currentTimeMillis();
        boolean stale = closedWithoutAnswer && connection != null && connection.reused();
        if (failure == AttemptFailure.CONNECT) {
            member.countConnectFailure();
        } else if (failure == AttemptFailure.TIMEOUT) {
            member.countTimeout();
        }
        if (failure.blamesMember && upstream.tracksHealth()) {
            member.markFailure(now, upstream.suspendMillis());
        }
        permit.settle(failure.breakerFailure && !stale);
        dropConnection();
        if (!exchange.isCurrent() || !exchange.client.open()) {
            return;
        }
        RetryState.Next next = retry.afterFailure(failure, stale, canReplay(), exchange.request.method(), now);
        if (next != RetryState.GIVE_UP) {
            member.countRetry();
        }
        if (next instanceof RetryState.TryLater later) {
            timer = exchange.client.eventLoop().schedule(this::attempt, later.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (next == RetryState.TRY_NOW) {
            attempt();
            return;
        }
        if (failure == AttemptFailure.TIMEOUT) {
            exchange.outcome = Outcome.TIMED_OUT;
        }
        exchange.failBeforeResponse(fault);
    }

    private void armResponseTimeout(long nowNanos) {
        cancelTimer();
        if (exchange.isCurrent()) {
            timedConnection = connection;
            exchange.client.responseDeadline().arm(this, nowNanos, upstream.timeoutMillis());
        }
    }

    @Override
    public void responseDeadlinePassed() {
        if (connection == timedConnection && connected && !exchange.responseStarted && exchange.isCurrent()) {
            BackendWarnings.timedOut(member.target(), upstream.timeoutMillis()); // rate-limited: one line per backend per 30 s
            failed(AttemptFailure.TIMEOUT, Faults.backendTimeout(), false);
        }
    }

    /**
     * Decides on a final response from the backend: settles the breaker and the member's health,
     * or starts a retry for a listed status.
     *
     * @return whether the response goes to the client
     */
    boolean takeResponse(int code, boolean backendKeepsAlive) {
        cancelTimer();
        backendLatencyMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - attemptStartNanos);
        permit.settle(permit.failureStatus(code));
        if (retry.retriesStatus(code, canReplay())) {
            failed(AttemptFailure.STATUS, null, false); // certain to retry, so the fault is never sent
            return false;
        }
        if (upstream.tracksHealth()) {
            member.markSuccess();
        }
        body.discardReplay();
        responseKeepAlive = backendKeepsAlive;
        exchange.responseFromBackend(code);
        return true;
    }

    /**
     * The response is complete: the connection goes back to the pool when the whole request went
     * up and the backend is in step, else it is closed (answered mid-request, or out of step).
     *
     * @param reusable false when the backend sent more than its response
     */
    void responseEnded(boolean reusable) {
        if (requestWrittenUpstream && reusable) {
            releaseConnection();
        } else {
            dropConnection();
        }
    }

    /** The one rule for reading the backend: while connected, the response unfinished and the client able to take more. */
    void readBackendIfWanted() {
        if (connected && !exchange.responseComplete && exchange.client.writable() && connection.channel().isActive()) {
            connection.channel().read();
        }
    }

    // ---- backend events the relay passes on ---------------------------------------------------

    /** The backend can take more of the request body. */
    void backendWritable() {
        exchange.client.readMore();
    }

    void backendClosed() {
        if (!exchange.isCurrent() || exchange.responseComplete || !connected) {
            return;
        }
        if (!exchange.responseStarted) {
            failed(AttemptFailure.CLOSED, Faults.backendBroken("The backend closed the connection without a response."), true);
        } else {
            // Headers are already out: the only honest signal left is to cut the client off.
            connected = false;
            connection = null;
            exchange.outcome = Outcome.RESET;
            exchange.client.abort();
        }
    }

    // ---- endings --------------------------------------------------------------------------------

    /** Gives up the current attempt (lease, timers, breaker permit) without an answer. */
    void abandon() {
        cancelTimer();
        if (acquiring != null) {
            acquiring.cancel(false);
            acquiring = null;
        }
        dropConnection();
        permit.release();
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
    void dropConnection() {
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
        exchange.client.responseDeadline().disarm(this);
    }
}
