package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.List;
import io.outpost.gateway.endpoint.BackendListener;
import io.outpost.gateway.endpoint.RawResponseHead;
import io.outpost.gateway.http.Faults;

/**
 * Passes the backend's response to the client, two ways: a response in the common shape as bytes
 * (its head rewritten in place, see {@link RawResponseHead}), any other through Netty's decoded
 * messages. The raw-bytes way is for routes with no response stage; response validation and
 * interceptors (later) will see decoded messages. Backpressure: the backend is read only while
 * the client can take more ({@link Attempts#readBackendIfWanted}). It is the leased connection's
 * listener: what concerns the attempt (the backend closing, or taking more body) goes to it.
 */
final class ResponseRelay implements BackendListener {
    private final Exchange exchange;
    private final Attempts attempts;
    private boolean skipInformationalEnd;
    /** The response head for the client, not yet written (see {@link #onResponseHead}). */
    private HttpResponse heldHead;
    private long bodyBytes;

    ResponseRelay(Exchange exchange, Attempts attempts) {
        this.exchange = exchange;
        this.attempts = attempts;
    }

    /** The response body bytes passed on so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            attempts.failed(AttemptFailure.CLOSED, Faults.backendBroken("The backend sent a malformed response."), false);
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            skipInformationalEnd = true;
            if (code == 100 && HttpUtil.is100ContinueExpected(exchange.request)) {
                exchange.client.send(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                exchange.client.flush();
            }
            return;
        }
        if (!attempts.takeResponse(code, HttpUtil.isKeepAlive(response))) {
            return;
        }
        // The backend's head goes on to the client rewritten in place: copying it would validate
        // and hash every header again.
        boolean chunkedResponse = HttpUtil.isTransferEncodingChunked(response);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = response.headers();
        ProxyHeaders.removeHopByHop(headers);
        boolean responseBodyless = exchange.request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!responseBodyless && (chunkedResponse || !headers.contains(HttpHeaderNames.CONTENT_LENGTH))) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            if (exchange.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                exchange.closeAfterResponse = true; // an HTTP/1.0 client learns the end from the close
            }
        }
        exchange.decorate(headers);
        // Held until the body shows up: a whole small response then goes out as one message, one
        // buffer and one write, instead of a head and a body each through the pipeline.
        heldHead = response;
    }

    @Override
    public void onRawResponse(RawResponseHead head, ByteBuf buf, boolean last, boolean reusable) {
        if (exchange.responseStarted || !attempts.takeResponse(head.status(), head.keepAlive() && reusable)) {
            buf.release();
            return;
        }
        // The head goes on as bytes: the backend's lines but the hop-by-hop ones, then the
        // gateway's own fields, then the body bytes that came with it. Rewritten in the buffer it
        // came in when that has the room, else copied into a new one.
        bodyBytes += buf.readableBytes() - head.length();
        exchange.metered(buf.readableBytes() - head.length());
        AsciiString connection = exchange.connectionForClient();
        List<String> added = exchange.context == null ? List.of() : exchange.context.responseHeaders();
        int fieldsLength = ProxyHeaders.fieldLength(ProxyHeaders.CORRELATION_ID, exchange.correlationId)
                + (connection == null ? 0 : ProxyHeaders.fieldLength(HttpHeaderNames.CONNECTION, connection))
                + ProxyHeaders.CRLF.length;
        for (int i = 0; i < added.size(); i += 2) {
            fieldsLength += ProxyHeaders.fieldLength(added.get(i), added.get(i + 1));
        }
        int end = head.openRoom(buf, fieldsLength);
        if (end >= 0) {
            writeGatewayFields(buf, connection);
            buf.writerIndex(end);
            writeRaw(buf, last, reusable);
            return;
        }
        ByteBuf out = exchange.client.alloc().buffer(buf.readableBytes() + fieldsLength);
        head.copyFieldsTo(buf, out);
        writeGatewayFields(out, connection);
        buf.skipBytes(head.length());
        out.writeBytes(buf);
        buf.release();
        writeRaw(out, last, reusable);
    }

    /** The fields the gateway adds to a response passed on as bytes, and the blank line after them. */
    private void writeGatewayFields(ByteBuf out, AsciiString connection) {
        ProxyHeaders.field(out, ProxyHeaders.CORRELATION_ID, exchange.correlationId);
        if (exchange.context != null) {
            List<String> added = exchange.context.responseHeaders();
            for (int i = 0; i < added.size(); i += 2) {
                ProxyHeaders.field(out, added.get(i), added.get(i + 1));
            }
        }
        if (connection != null) {
            ProxyHeaders.field(out, HttpHeaderNames.CONNECTION, connection);
        }
        out.writeBytes(ProxyHeaders.CRLF);
    }

    @Override
    public void onRawBody(ByteBuf buf, boolean last, boolean reusable) {
        if (!exchange.responseStarted || exchange.responseComplete) {
            buf.release();
            return;
        }
        bodyBytes += buf.readableBytes();
        exchange.metered(buf.readableBytes());
        writeRaw(buf, last, reusable);
    }

    /** Writes response bytes past the client's response encoder; the last piece ends the response. */
    private void writeRaw(ByteBuf bytes, boolean last, boolean reusable) {
        if (!last) {
            exchange.client.sendRaw(bytes);
            return;
        }
        endResponse(bytes, reusable);
    }

    /**
     * Writes the last of the backend's response and gives its connection back. Back to the pool
     * first: the write usually completes at once, and its listener may start the client's next
     * (pipelined) exchange, which can then reuse this connection.
     *
     * @param reusable false when the backend sent more than its response
     */
    private void endResponse(Object last, boolean reusable) {
        exchange.responseComplete = true;
        attempts.responseEnded(reusable);
        if (exchange.recordsFirst()) {
            exchange.recordThen(() -> writeLast(last));
            return;
        }
        writeLast(last);
    }

    private void writeLast(Object last) {
        ChannelFuture written = last instanceof ByteBuf bytes ? exchange.client.sendRawLast(bytes)
                : exchange.client.sendLast((HttpObject) last);
        if (written.isDone()) {
            exchange.onResponseWritten(written.isSuccess()); // the usual case: the socket took it all at once
        } else {
            written.addListener(f -> exchange.onResponseWritten(f.isSuccess()));
        }
    }

    /** Writes the response head if it is still held back, flushes, and reads on if the client keeps up. */
    @Override
    public void onBackendReadComplete() {
        writeHeldHead();
        exchange.client.flush();
        attempts.readBackendIfWanted();
    }

    @Override
    public void onBackendWritable() {
        attempts.backendWritable();
    }

    @Override
    public void onBackendClosed() {
        attempts.backendClosed();
    }

    private void writeHeldHead() {
        if (heldHead != null) {
            exchange.client.send(heldHead);
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
        if (!exchange.responseStarted || exchange.responseComplete) {
            content.release();
            return;
        }
        bodyBytes += content.content().readableBytes();
        exchange.metered(content.content().readableBytes());
        if (content instanceof LastHttpContent last) {
            HttpObject message = content;
            if (heldHead != null) {
                message = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, heldHead.status(), last.content(),
                        heldHead.headers(), last.trailingHeaders());
                heldHead = null;
            }
            endResponse(message, true);
        } else {
            writeHeldHead();
            exchange.client.send(content);
        }
    }
}
