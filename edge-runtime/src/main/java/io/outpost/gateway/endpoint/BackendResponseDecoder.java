package io.outpost.gateway.endpoint;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Netty's response decoder for the responses {@link RawResponseReader} does not read as bytes. It
 * learns from the reader whether the request was HEAD (the pairing HttpClientCodec would do, which
 * cannot work when some responses bypass the decoder).
 */
final class BackendResponseDecoder extends HttpResponseDecoder {
    private final RawResponseReader reader;

    BackendResponseDecoder(int maxHeaderSize, RawResponseReader reader) {
        super(4096, maxHeaderSize, 8192);
        this.reader = reader;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (((HttpResponse) msg).status().codeClass() != HttpStatusClass.INFORMATIONAL && reader.headRequest()) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }

    /** Whether no byte past the last decoded message is waiting here. */
    boolean idle() {
        return actualReadableBytes() == 0;
    }
}
