package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The request body as the backend receives it, after the head {@link ProxyHeaders#writeUpstreamHead}
 * wrote: the bytes as they are when the client gave a Content-Length, HTTP/1.1 chunks when the
 * client sent chunks (each piece one chunk, the last one the zero chunk with the trailers).
 */
final class UpstreamBody {
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

    private UpstreamBody() {}

    /** The bytes for one body piece; takes over the piece's buffer. */
    static ByteBuf frame(HttpContent content, boolean chunked) {
        ByteBuf data = content.content();
        if (!chunked) {
            return data;
        }
        boolean last = content instanceof LastHttpContent;
        if (!data.isReadable() && !last) {
            return data;
        }
        // Direct like the body: a composite with a heap part is copied whole before a native write.
        ByteBuf framing = data.alloc().directBuffer(data.isReadable() ? 16 : 0);
        if (data.isReadable()) {
            framing.writeCharSequence(Integer.toHexString(data.readableBytes()), StandardCharsets.US_ASCII);
            framing.writeBytes(ProxyHeaders.CRLF);
        }
        ByteBuf end = data.alloc().directBuffer(last ? 32 : 2);
        if (data.isReadable()) {
            end.writeBytes(ProxyHeaders.CRLF);
        }
        if (last) {
            end.writeBytes(LAST_CHUNK);
            HttpHeaders trailers = ((LastHttpContent) content).trailingHeaders();
            Iterator<Map.Entry<CharSequence, CharSequence>> fields = trailers.iteratorCharSequence();
            while (fields.hasNext()) {
                Map.Entry<CharSequence, CharSequence> field = fields.next();
                ProxyHeaders.field(end, field.getKey(), field.getValue());
            }
            end.writeBytes(ProxyHeaders.CRLF);
        }
        return Unpooled.wrappedBuffer(framing, data, end);
    }
}
