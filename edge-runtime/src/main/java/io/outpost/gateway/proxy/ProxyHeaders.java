package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Header rewriting between client and backend: hop-by-hop removal, forwarding and correlation headers. */
public final class ProxyHeaders {
    public static final AsciiString CORRELATION_ID = AsciiString.cached("x-correlation-id");
    public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** RFC 9110 7.6.1 connection-specific fields, plus the long-standing non-standard ones. */
    private static final Set<AsciiString> HOP_BY_HOP = Set.of(
            AsciiString.cached("connection"), AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
            AsciiString.cached("te"), AsciiString.cached("trailer"), AsciiString.cached("transfer-encoding"),
            AsciiString.cached("upgrade"), AsciiString.cached("proxy-authenticate"),
            AsciiString.cached("proxy-authorization"));

    private ProxyHeaders() {}

    /** Removes hop-by-hop fields and every field the Connection header names. */
    public static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> named = new ArrayList<>();
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty()) {
                        named.add(t);
                    }
                }
            }
            for (String name : named) {
                headers.remove(name);
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /** The client's correlation id when it is safe to pass on, else a new one. */
    public static String correlationId(HttpHeaders request) {
        String given = request.get(CORRELATION_ID);
        if (given != null && SAFE_CORRELATION_ID.matcher(given).matches()) {
            return given;
        }
        // A correlation id only has to be unique, not unguessable: a random UUID from
        // ThreadLocalRandom avoids SecureRandom's lock and cost on every request.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    public static void addForwarded(HttpHeaders upstream, String clientIp, String proto, String originalHost) {
        String prior = upstream.get(X_FORWARDED_FOR);
        upstream.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? clientIp : prior + ", " + clientIp);
        upstream.set(X_FORWARDED_PROTO, proto);
        if (originalHost != null) {
            upstream.set(X_FORWARDED_HOST, originalHost);
        } else {
            upstream.remove(X_FORWARDED_HOST);
        }
    }
}
