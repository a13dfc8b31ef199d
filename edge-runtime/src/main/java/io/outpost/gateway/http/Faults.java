package io.outpost.gateway.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The gateway's own answers, as WSO2-compatible fault bodies:
 * {@code {"fault":{"code":900902,"message":"Missing Credentials","description":"..."}}}.
 */
public final class Faults {

    /** One refusal: the HTTP status, the WSO2 code and the texts. */
    public record Fault(HttpResponseStatus status, int code, String message, String description) {}

    private Faults() {}

    public static Fault missingCredentials(String authHeader) {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900902, "Missing Credentials",
                "Invalid Credentials. Make sure your API invocation call has a header: '" + authHeader
                        + " : Bearer ACCESS_TOKEN' (this gateway refuses secured resources until it can verify them)");
    }

    public static Fault notFound() {
        return new Fault(HttpResponseStatus.NOT_FOUND, 404, "Not Found",
                "The requested resource is not available.");
    }

    public static Fault methodNotAllowed(String method) {
        return new Fault(HttpResponseStatus.METHOD_NOT_ALLOWED, 405, "Method not allowed",
                "The requested HTTP method " + method + " is not allowed for this resource.");
    }

    public static Fault badRequest(String description) {
        return new Fault(HttpResponseStatus.BAD_REQUEST, 400, "Bad Request", description);
    }

    public static Fault httpsOnly() {
        return new Fault(HttpResponseStatus.FORBIDDEN, 900906, "No matching resource found in the API for the given request",
                "This resource is served over HTTPS only (x-wso2-transports).");
    }

    public static Fault backendUnavailable(String description) {
        return new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error", description);
    }

    public static Fault backendBroken(String description) {
        return new Fault(HttpResponseStatus.BAD_GATEWAY, 101503, "Runtime Error", description);
    }

    public static Fault backendTimeout() {
        return new Fault(HttpResponseStatus.GATEWAY_TIMEOUT, 101504, "Runtime Error",
                "The backend did not answer in time.");
    }

    public static Fault uriTooLong() {
        return new Fault(HttpResponseStatus.REQUEST_URI_TOO_LONG, 414, "URI Too Long",
                "The request line is longer than the gateway accepts.");
    }

    public static Fault headersTooLarge() {
        return new Fault(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, 431, "Request Header Fields Too Large",
                "The request headers are larger than the gateway accepts.");
    }

    public static Fault tooManyHeaders(int max) {
        return new Fault(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, 431, "Request Header Fields Too Large",
                "The request has more than " + max + " header fields.");
    }

    public static Fault payloadTooLarge(long max) {
        return new Fault(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, 413, "Payload Too Large",
                "The request body is larger than the " + max + " bytes the gateway accepts.");
    }

    public static Fault requestTimeout(String description) {
        return new Fault(HttpResponseStatus.REQUEST_TIMEOUT, 408, "Request Timeout", description);
    }

    public static Fault circuitOpen(String endpoint) {
        return new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error",
                "The circuit breaker of the " + endpoint + " is open: the backend is failing and is given time to recover.");
    }

    public static Fault noProductionEndpoint() {
        return new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error",
                "No production endpoint is defined for this resource.");
    }

    public static Fault noSandboxEndpoint() {
        return new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error",
                "No sandbox endpoint is defined for this resource.");
    }

    /** A stage's pending answer did not come in time (see pipeline.Verdict.Pending). */
    public static Fault decisionTimeout() {
        return new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error",
                "The gateway could not decide on the request in time.");
    }

    /** A stage failed: the request is refused, never let through. */
    public static Fault internalError() {
        return new Fault(HttpResponseStatus.INTERNAL_SERVER_ERROR, 101500, "Runtime Error",
                "The gateway failed to process the request.");
    }

    public static FullHttpResponse response(ByteBufAllocator alloc, Fault fault, List<String> allow) {
        JsonStringEncoder json = JsonStringEncoder.getInstance();
        String body = "{\"fault\":{\"code\":" + fault.code() + ",\"message\":\""
                + new String(json.quoteAsString(fault.message())) + "\",\"description\":\""
                + new String(json.quoteAsString(fault.description())) + "\"}}";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, fault.status(),
                ByteBufUtil.writeUtf8(alloc, body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (fault.status().code() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"outpost\"");
        }
        if (!allow.isEmpty()) {
            response.headers().set(HttpHeaderNames.ALLOW, String.join(", ", allow));
        }
        return response;
    }
}
