package io.outpost.gateway.security;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.outpost.common.model.CorsConfig;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;
import java.util.List;
import java.util.Locale;

/**
 * {@code x-wso2-cors}, first after routing and before authentication (docs/security.md, "CORS"):
 * a preflight is answered here, so a browser can call a secured API without credentials on the
 * preflight; a cross-origin request from an origin the API does not allow is refused (403); an
 * allowed one gets its response fields on whatever it is answered with, a refusal included, so the
 * page can read the refusal. Compiled only for APIs that declare CORS.
 */
public final class CorsStage implements Stage {
    private static final Verdict DISALLOWED = new Verdict.Refuse(Faults.corsNotAllowed());

    private final CorsPolicy policy;

    private CorsStage(CorsPolicy policy) {
        this.policy = policy;
    }

    /** The stage for a route whose API declares CORS (and did not disable it), or null. */
    public static Stage forRoute(Route route) {
        CorsConfig cors = route.policy().cors();
        if (cors == null || Boolean.FALSE.equals(cors.enabled())) {
            return null;
        }
        return new CorsStage(CorsPolicy.of(cors));
    }

    /**
     * The method a CORS preflight announces, or null when the request is not a preflight
     * ({@code OPTIONS} with Origin and Access-Control-Request-Method). Routing uses it.
     */
    public static String announcedMethod(HttpRequest request) {
        if (!HttpMethod.OPTIONS.equals(request.method())) {
            return null;
        }
        HttpHeaders headers = request.headers();
        String announced = headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        return announced != null && headers.contains(HttpHeaderNames.ORIGIN) ? announced.trim() : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        HttpHeaders headers = exchange.request().headers();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return Verdict.CONTINUE; // not a cross-origin request
        }
        String allowedOrigin = policy.allowedOrigin(origin);
        String announced = announcedMethod(exchange.request());
        if (announced != null) {
            return preflight(allowedOrigin, announced, headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
        }
        if (allowedOrigin == null) {
            return DISALLOWED;
        }
        exchange.addResponseHeader("Access-Control-Allow-Origin", allowedOrigin);
        if (policy.credentials()) {
            exchange.addResponseHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!policy.exposeHeaders().isEmpty()) {
            exchange.addResponseHeader("Access-Control-Expose-Headers", policy.exposeHeaders());
        }
        if (!"*".equals(allowedOrigin)) {
            exchange.addResponseHeader("Vary", "Origin");
        }
        return Verdict.CONTINUE;
    }

    private Verdict preflight(String allowedOrigin, String method, String requestedHeaders) {
        if (allowedOrigin == null || !policy.allowsMethod(method) || !policy.allowsHeaders(requestedHeaders)) {
            return DISALLOWED;
        }
        HttpHeaders answer = new DefaultHttpHeaders()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, policy.methods())
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, policy.headers());
        if (policy.credentials()) {
            answer.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (policy.maxAgeSeconds() != null) {
            answer.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, policy.maxAgeSeconds());
        }
        if (!"*".equals(allowedOrigin)) {
            answer.set(HttpHeaderNames.VARY, "Origin");
        }
        return new Verdict.Respond(HttpResponseStatus.OK, answer);
    }

    /** {@code x-wso2-cors} with WSO2's defaults for the lists it leaves empty. */
    record CorsPolicy(List<String> origins, String methods, List<String> methodList, String headers,
                      List<String> headerList, String exposeHeaders, boolean credentials, Long maxAgeSeconds) {
        /** WSO2 Microgateway's defaults. */
        private static final List<String> DEFAULT_METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS");
        private static final List<String> DEFAULT_HEADERS = List.of("authorization", "Access-Control-Allow-Origin",
                "Content-Type", "SOAPAction", "apikey", "Internal-Key");

        static CorsPolicy of(CorsConfig cors) {
            List<String> origins = cors.allowOrigins().isEmpty() ? List.of("*") : cors.allowOrigins();
            List<String> methods = (cors.allowMethods().isEmpty() ? DEFAULT_METHODS : cors.allowMethods()).stream()
                    .map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
            List<String> headers = cors.allowHeaders().isEmpty() ? DEFAULT_HEADERS : cors.allowHeaders();
            return new CorsPolicy(origins, String.join(", ", methods), methods, String.join(", ", headers),
                    headers.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList(),
                    String.join(", ", cors.exposeHeaders()), Boolean.TRUE.equals(cors.allowCredentials()), cors.maxAge());
        }

        /**
         * The Access-Control-Allow-Origin value for this origin, or null when it is not allowed.
         * {@code *} answers {@code *}, except with credentials, where the Fetch standard wants the
         * origin itself. An entry without a scheme ({@code test.com}, as WSO2's own samples write
         * them) matches that host over http and https; one with a scheme matches exactly.
         */
        String allowedOrigin(String origin) {
            for (String entry : origins) {
                String allowed = entry.trim();
                if (allowed.equals("*")) {
                    return credentials ? origin : "*";
                }
                if (allowed.contains("://") ? allowed.equalsIgnoreCase(origin)
                        : origin.equalsIgnoreCase("http://" + allowed) || origin.equalsIgnoreCase("https://" + allowed)) {
                    return origin;
                }
            }
            return null;
        }

        boolean allowsMethod(String method) {
            return methodList.contains(method.toUpperCase(Locale.ROOT));
        }

        /** Whether every header a preflight announces is allowed (case does not matter). */
        boolean allowsHeaders(String requested) {
            if (requested == null || requested.isBlank()) {
                return true;
            }
            for (String header : requested.split(",")) {
                String name = header.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !headerList.contains(name)) {
                    return false;
                }
            }
            return true;
        }
    }
}
