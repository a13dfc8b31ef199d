package io.outpost.gateway.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.http.RequestFraming;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.RequestPath;

/**
 * The checks a request head passes before routing: what the decoder found (malformed, too long),
 * the header count, RFC 9112 framing ({@link RequestFraming}), the declared body size and the path
 * normalization. Refusals made here are journaled like any other (the exchange records them).
 */
final class RequestAdmission {

    /** The outcome of the checks. */
    sealed interface Result permits Refused, Admitted {}

    /** @param close whether the connection must close after the answer: what follows is no request boundary */
    record Refused(Fault fault, boolean close) implements Result {}

    /**
     * @param host           the host the client asked for (absolute-form authority, else Host), or null
     * @param declaredLength the Content-Length, or -1 without one
     */
    record Admitted(RequestPath path, String host, long declaredLength) implements Result {}

    private RequestAdmission() {}

    static Result check(HttpRequest request, GatewayConfig.Limits limits) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            Fault fault = cause instanceof TooLongHttpLineException ? Faults.uriTooLong()
                    : cause instanceof TooLongFrameException ? Faults.headersTooLarge()
                    : Faults.badRequest("Malformed HTTP request.");
            return new Refused(fault, true);
        }
        if (request.headers().size() > limits.maxHeaderCount()) {
            return new Refused(Faults.tooManyHeaders(limits.maxHeaderCount()), false);
        }
        RequestFraming.Result framing = RequestFraming.check(request);
        if (framing instanceof RequestFraming.Malformed malformed) {
            return new Refused(Faults.badRequest(malformed.reason()), true);
        }
        RequestFraming.Accepted framed = (RequestFraming.Accepted) framing;
        // The decoder accepted the message, so its Content-Length is a single valid number.
        long declaredLength = HttpUtil.getContentLength(request, -1L);
        if (declaredLength > limits.maxRequestBodyBytes()) {
            // A body too large to drop quickly is not read at all: the connection closes after the answer.
            return new Refused(Faults.payloadTooLarge(limits.maxRequestBodyBytes()), declaredLength > RequestBodyPump.DISCARD_LIMIT);
        }
        try {
            return new Admitted(PathNormalizer.normalize(framed.target()), framed.host(), declaredLength);
        } catch (PathNormalizer.RejectedPath e) {
            return new Refused(Faults.badRequest("Invalid request path: " + e.getMessage() + "."), false);
        }
    }
}
