package io.outpost.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.LocalReplies;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import java.util.List;

/**
 * What the gateway itself sends on an exchange: its own answers (a refusal rendered by the route's
 * local replies, a CORS preflight's reply), and the fields every response to the client carries
 * (the correlation id, the stages' fields, Connection). Part of {@link Exchange}, split by job
 * (docs/architecture.md, "The exchange, split by job").
 */
final class LocalAnswers {
    private final Exchange exchange;

    LocalAnswers(Exchange exchange) {
        this.exchange = exchange;
    }

    /** A stage answered without refusing: no body; the context's fields are added to these. */
    void respond(HttpResponseStatus status, HttpHeaders headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().add(headers).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        refuse(response, 0, false);
    }

    /** The gateway answers instead of the backend (a refusal, a preflight): the rest of the body is dropped. */
    void refuse(HttpResponse response, int code, boolean forceClose) {
        Exchange e = exchange;
        e.refused = true;
        e.responseStarted = true;
        e.status = response.status().code();
        e.errorCode = code;
        boolean bigBody = !e.requestComplete && (HttpUtil.isTransferEncodingChunked(e.request)
                || e.declaredLength > RequestBodyPump.DISCARD_LIMIT);
        e.closeAfterResponse = forceClose || !e.keepAlive || bigBody;
        decorate(response.headers());
        if (e.recordsFirst()) {
            e.recordThen(() -> e.client.sendLast(response).addListener(f -> e.onResponseWritten(f.isSuccess())));
            return;
        }
        e.client.sendLast(response).addListener(f -> e.onResponseWritten(f.isSuccess()));
    }

    /** The gateway's fields on any response head the client gets (the backend's decoded, or the gateway's own). */
    void decorate(HttpHeaders headers) {
        headers.set(ProxyHeaders.CORRELATION_ID, exchange.correlationId);
        if (exchange.context != null) {
            List<String> added = exchange.context.responseHeaders();
            for (int i = 0; i < added.size(); i += 2) {
                headers.set(added.get(i), added.get(i + 1));
            }
        }
        AsciiString connection = connectionForClient();
        if (connection != null) {
            headers.set(HttpHeaderNames.CONNECTION, connection);
        }
    }

    /**
     * The Connection value the client's response carries, or null for none: close when the
     * connection ends after it (which this decides), keep-alive for an HTTP/1.0 client that stays.
     */
    AsciiString connectionForClient() {
        Exchange e = exchange;
        if (e.closeAfterResponse || !e.keepAlive || e.client.closingAfterExchange()) {
            e.closeAfterResponse = true;
            return HttpHeaderValues.CLOSE;
        }
        return e.request.protocolVersion().isKeepAliveDefault() ? null : HttpHeaderValues.KEEP_ALIVE;
    }

    /**
     * A request head that did not arrive in time (slowloris): 408 and close, journaled like every
     * refusal. No route is known before the head, so the default renderer answers.
     */
    static void headTimedOut(ChannelHandlerContext ctx, ProxyWiring wiring, String clientIp) {
        HttpResponse response = LocalReplies.WSO2_FAULTS.render(ctx.alloc(),
                Faults.requestTimeout("The request head did not arrive in time."), List.of());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        wiring.observer().exchangeEnded(ExchangeRecord.builder().timeMillis(System.currentTimeMillis()).status(408)
                .outcome(Outcome.TIMED_OUT).errorCode(408), clientIp);
    }
}
