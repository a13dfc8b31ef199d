package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Netty's response encoder for the responses written as HTTP messages (refusals, and backend
 * responses the gateway did not pass on as bytes). Responses passed on as bytes are written past
 * it, which is why the exchange tells it about HEAD instead of HttpServerCodec pairing each
 * response with a request: the answer to HEAD never carries a body.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {
    private boolean headRequest;

    void headRequest(boolean head) {
        headRequest = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (headRequest && msg.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
