package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.outpost.gateway.http.Faults;
import io.outpost.journal.Outcome;
import java.util.ArrayDeque;

/**
 * Where the request body goes, piece by piece, under one body policy at a time: dropped after the
 * answer (up to a limit, so the connection can be reused), held while the route's stages decide
 * (up to what a stage asked to hold, more is 413), or streamed to the current attempt's backend
 * connection and kept for a replay while it fits. The rule for reading the client during the
 * exchange is {@link #wantsBytes}.
 */
final class RequestBodyPump {
    /** A refused request's body is read and dropped up to this size so the connection can be reused. */
    static final long DISCARD_LIMIT = 1024 * 1024;

    private final Exchange exchange;
    /** Null until the exchange proxies. */
    private Attempts attempts;
    private ReplayBuffer replay;
    /** Body pieces that arrived before the backend connection: most requests have none. */
    private ArrayDeque<HttpContent> pending;
    /** The request has no body: nothing follows its head to the backend. */
    private boolean bodyless;
    /** The request body goes to the backend in chunks (the client sent it chunked). */
    private boolean chunked;
    private long bytes;
    private long discarded;
    /** While a stage holds the body: the most it may hold; else -1. */
    private long holdLimit = -1;
    /** A stage's answer is pending: the client is not read meanwhile. */
    private boolean paused;

    RequestBodyPump(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The body bytes received so far. */
    long bytes() {
        return bytes;
    }

    boolean bodyless() {
        return bodyless;
    }

    boolean chunked() {
        return chunked;
    }

    /** Whether the exchange wants more request bytes now, under the policy in force. */
    boolean wantsBytes() {
        if (exchange.refused) {
            return true; // dropping what is left
        }
        if (attempts == null) {
            return holdLimit >= 0 && !paused; // deciding: read only for a stage that holds the body
        }
        return attempts.acceptsBody();
    }

    void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            malformed();
            return;
        }
        if (content instanceof LastHttpContent) {
            exchange.requestComplete = true;
        }
        if (exchange.refused || exchange.responseComplete) {
            discard(content);
            return;
        }
        if (bodyless) {
            content.release(); // the end marker of a request without a body: its head said it all
            return;
        }
        int piece = content.content().readableBytes();
        bytes += piece;
        exchange.metered(piece);
        long max = exchange.wiring.limits().maxRequestBodyBytes();
        if (bytes > max) {
            content.release();
            tooLarge(max);
            return;
        }
        if (attempts == null) {
            holdWhileDeciding(content);
            return;
        }
        replay.offer(content);
        if (attempts.connected()) {
            attempts.writeBody(content, chunked);
        } else {
            keep(content);
        }
    }

    /**
     * The body's framing broke (chunk grammar): the decoder discards everything after it, so the
     * request is refused and the connection closes; a backend connection that carried part of the
     * body is closed mid-request, so the backend never sees it as a complete request.
     */
    private void malformed() {
        exchange.requestComplete = true;
        exchange.closeAfterResponse = true;
        if (!exchange.responseStarted) {
            exchange.abandonAttempt();
            exchange.refuseAndClose(Faults.badRequest("Malformed request body: invalid chunked framing."));
            return;
        }
        if (exchange.refused && !exchange.responseComplete) {
            return; // the refusal under way closes the connection once written
        }
        if (!exchange.responseComplete) {
            exchange.outcome = Outcome.ABORTED; // an early backend answer is cut off with the client
        }
        if (attempts != null) {
            attempts.dropConnection();
        }
        exchange.client.abort();
    }

    /** The body is over the gateway's limit: 413 if nothing was answered yet, else the connection is cut. */
    private void tooLarge(long max) {
        if (exchange.responseStarted) {
            exchange.client.abort();
        } else {
            exchange.abandonAttempt();
            exchange.refuseAndClose(Faults.payloadTooLarge(max));
        }
    }

    /** The client went silent inside the body for longer than requestBodyTimeoutSeconds. */
    void timedOut() {
        exchange.outcome = Outcome.TIMED_OUT;
        if (!exchange.responseStarted) {
            exchange.abandonAttempt();
            exchange.refuseAndClose(Faults.requestTimeout("The request body did not arrive in time."));
        } else {
            exchange.client.abort();
        }
    }

    private void discard(HttpContent content) {
        discarded += content.content().readableBytes();
        content.release();
        if (discarded > DISCARD_LIMIT) {
            exchange.closeAfterResponse = true;
        }
        if (exchange.requestComplete && exchange.responseComplete) {
            exchange.finish();
        } else if (discarded > DISCARD_LIMIT && exchange.responseComplete) {
            exchange.client.abort();
        }
    }

    // ---- while the stages decide --------------------------------------------------------------

    /** A stage asked for the whole body, up to {@code maxBytes}. */
    void hold(long maxBytes) {
        if (exchange.declaredLength > maxBytes || bytes > maxBytes) {
            exchange.refuse(Faults.payloadTooLarge(maxBytes));
            return;
        }
        holdLimit = maxBytes;
        if (exchange.requestComplete) {
            held();
        } else {
            exchange.client.readMore();
        }
    }

    /** Stops (true) or resumes (false) reading while a stage's answer is pending. */
    void pause(boolean pause) {
        paused = pause;
        if (!pause) {
            exchange.client.readMore();
        }
    }

    private void holdWhileDeciding(HttpContent content) {
        if (holdLimit >= 0 && bytes > holdLimit) {
            content.release();
            exchange.abandonAttempt();
            exchange.refuseAndClose(Faults.payloadTooLarge(holdLimit));
            return;
        }
        keep(content);
        if (exchange.requestComplete && holdLimit >= 0) {
            held();
        }
    }

    /** The whole body a stage asked for is here: lend it to the stage, which decides again. */
    private void held() {
        holdLimit = -1;
        ByteBuf[] parts = new ByteBuf[pending == null ? 0 : pending.size()];
        int i = 0;
        if (pending != null) {
            for (HttpContent piece : pending) {
                parts[i++] = piece.content().retainedDuplicate();
            }
        }
        ByteBuf body = Unpooled.wrappedBuffer(parts);
        try {
            exchange.bodyHeld(body.asReadOnly());
        } finally {
            body.release();
        }
    }

    private void keep(HttpContent content) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(content);
    }

    // ---- streaming to the backend -------------------------------------------------------------

    /** The exchange proxies: what arrived while stages decided is kept for the first attempt. */
    void streamTo(Attempts target, long replayBufferBytes) {
        attempts = target;
        replay = new ReplayBuffer(replayBufferBytes);
        // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body.
        chunked = HttpUtil.isTransferEncodingChunked(exchange.request);
        bodyless = !chunked && exchange.declaredLength <= 0;
        if (pending != null) {
            if (bodyless) {
                releasePending();
            } else {
                for (HttpContent piece : pending) {
                    replay.offer(piece);
                }
            }
        }
    }

    /**
     * Sends what the backend must get before the rest streams: on the first attempt the pieces
     * kept while not connected, on a later one the replay copies.
     */
    void sendKept(boolean firstAttempt) {
        if (firstAttempt || !replay.usable()) {
            while (pending != null && !pending.isEmpty()) {
                attempts.writeBody(pending.poll(), chunked);
            }
        } else {
            releasePending();
            for (HttpContent copy : replay.copies()) {
                attempts.writeBody(copy, chunked);
            }
        }
    }

    /** Whether every body piece received so far is still held for a replay. */
    boolean replayable() {
        return replay.usable();
    }

    /** The response is taken: no replay will be needed. */
    void discardReplay() {
        replay.discard();
    }

    /** Frees what is kept: the pieces not yet sent and the replay copies. */
    void discardKept() {
        releasePending();
        if (replay != null) {
            replay.discard();
        }
    }

    private void releasePending() {
        while (pending != null && !pending.isEmpty()) {
            pending.poll().release();
        }
    }
}
