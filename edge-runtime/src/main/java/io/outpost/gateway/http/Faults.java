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

    /**
     * One refusal: the HTTP status, the WSO2 code and the texts.
     *
     * @param challenge for a 401, the WWW-Authenticate value naming the scheme the resource accepts;
     *                  null = {@link #DEFAULT_CHALLENGE}
     */
    public record Fault(HttpResponseStatus status, int code, String message, String description, String challenge) {
        public Fault(HttpResponseStatus status, int code, String message, String description) {
            this(status, code, message, description, null);
        }

        public Fault withChallenge(String value) {
            return new Fault(status, code, message, description, value);
        }
    }

    /** What a 401 says when its refusal names no scheme. */
    public static final String DEFAULT_CHALLENGE = "Bearer realm=\"outpost\"";

    private Faults() {}

    public static Fault missingCredentials(String authHeader) {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900902, "Missing Credentials",
                "Invalid Credentials. Make sure your API invocation call has a header: '" + authHeader
                        + " : Bearer ACCESS_TOKEN' (this gateway refuses secured resources until it can verify them)");
    }

    /** 900901: a credential that is not good (bad signature, expired, revoked, unknown key). Says no more. */
    public static Fault invalidCredentials() {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900901, "Invalid Credentials",
                "Make sure you have provided the correct security credentials.");
    }

    /** 900902 with the challenge of the scheme the resource accepts. */
    public static Fault missingCredentials(String challenge, String how) {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900902, "Missing Credentials",
                "Invalid Credentials. Make sure your API invocation call has " + how + ".", challenge);
    }

    /** 900908: the token's application is not subscribed to this API, or the key is not allowed for it. */
    public static Fault notSubscribed() {
        return new Fault(HttpResponseStatus.FORBIDDEN, 900908, "Resource forbidden",
                "User is NOT authorized to access the Resource. API Subscription validation failed.");
    }

    /** 900910: the credential is good but lacks a scope the resource requires. */
    public static Fault scopeNotAllowed() {
        return new Fault(HttpResponseStatus.FORBIDDEN, 900910, "The access token does not allow you to access the requested resource",
                "User is NOT authorized to access the Resource with the scope(s) presented.");
    }

    /** 900911: basic authentication with a wrong user or password. */
    public static Fault invalidBasicCredentials() {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900911, "Invalid Credentials",
                "Make sure you have provided the correct user name and password.", "Basic realm=\"outpost\"");
    }

    /** 900912: a basic credential that is not base64 of user:password. */
    public static Fault malformedBasicCredentials() {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900912, "Invalid Credentials",
                "The basic authentication header is not in the form base64(user:password).", "Basic realm=\"outpost\"");
    }

    /** 900917: a scheme this API does not accept (x-wso2-application-security). */
    public static Fault schemeNotAllowed() {
        return new Fault(HttpResponseStatus.UNAUTHORIZED, 900917, "Authentication scheme not allowed",
                "The authentication scheme used is not allowed for this API.");
    }

    /** A cross-origin request or preflight from an origin, method or header the API's x-wso2-cors does not allow. */
    public static Fault corsNotAllowed() {
        return new Fault(HttpResponseStatus.FORBIDDEN, 403, "Forbidden",
                "The request's origin, method or headers are not allowed by the API's CORS policy.");
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

    /** 900805: a blocking condition (address, application, user or API) matches; WSO2's texts. */
    public static Fault blocked() {
        return new Fault(HttpResponseStatus.FORBIDDEN, 900805, "Message blocked",
                "You have been blocked from accessing the resource");
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

    /**
     * 429: a throttling quota is used up. The code names the level (throttling.ThrottleLevel: WSO2's
     * 900800 API, 900802 resource, 900803 application, 900804 subscription, 900806 custom, 900807
     * burst control; Outpost's 101429 for the per-address limit before authentication).
     */
    public static Fault throttled(int code, String description) {
        return new Fault(HttpResponseStatus.TOO_MANY_REQUESTS, code, "Message throttled out", description);
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
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                    fault.challenge() != null ? fault.challenge() : DEFAULT_CHALLENGE);
        }
        if (!allow.isEmpty()) {
            response.headers().set(HttpHeaderNames.ALLOW, String.join(", ", allow));
        }
        return response;
    }
}
