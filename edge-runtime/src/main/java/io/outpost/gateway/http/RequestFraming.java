package io.outpost.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;

/**
 * The RFC 9112 checks on a decoded request head that Netty's decoder leaves to the server: the
 * protocol version, the form of the request target (§3.2) and the Host rules (§3.2, §3.2.2).
 *
 * <p>Origin-form targets ({@code /path?query}) are routed as they are. Absolute-form targets
 * ({@code http://host/path}) are accepted as the RFC requires: the target's authority is the
 * request's host (the Host field is ignored), and the path is routed as usual; the named host is
 * never contacted, only configured endpoints are. Authority-form (CONNECT) and asterisk-form
 * ({@code OPTIONS *}) targets and any version but HTTP/1.0 and HTTP/1.1 are refused, and since the
 * bytes after such a line cannot be trusted to be a request boundary, the connection closes.
 */
public final class RequestFraming {

    /** The outcome of the checks. */
    public sealed interface Result permits Accepted, Malformed {}

    /**
     * @param target the origin-form target to route: the absolute-form's path and query, or the target as sent
     * @param host   the request's host (the absolute-form's authority, else the Host field), or null without one
     */
    public record Accepted(String target, String host) implements Result {}

    /** @param reason safe to return to the client */
    public record Malformed(String reason) implements Result {}

    private RequestFraming() {}

    public static Result check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (!HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version)) {
            return new Malformed("Unsupported protocol version " + version.text() + ": this port speaks HTTP/1.1.");
        }
        String host = null;
        Iterator<? extends CharSequence> hosts = request.headers().valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (hosts.hasNext()) {
            CharSequence first = hosts.next();
            if (hosts.hasNext()) {
                return new Malformed("More than one Host header field.");
            }
            if (!validHost(first, 0, first.length())) {
                return new Malformed("Invalid Host header field.");
            }
            host = first.toString();
        } else if (HttpVersion.HTTP_1_1.equals(version)) {
            return new Malformed("An HTTP/1.1 request must carry a Host header field.");
        }
        String uri = request.uri();
        if (!uri.isEmpty() && uri.charAt(0) == '/') {
            return new Accepted(uri, host);
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return new Malformed("Unsupported request target form: only origin-form (/path) and absolute-form (http://host/path) are served.");
        }
        String scheme = uri.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return new Malformed("Unsupported scheme in the request target: " + scheme + ".");
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        if (pathStart == authorityStart || !validHost(uri, authorityStart, pathStart)) {
            return new Malformed("Invalid authority in the request target.");
        }
        String authority = uri.substring(authorityStart, pathStart);
        String rest = uri.substring(pathStart);
        return new Accepted(rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest, authority);
    }

    /**
     * RFC 9110 §7.2: {@code uri-host [ ":" port ]}, where uri-host is a reg-name (unreserved,
     * pct-encoded, sub-delims), an IPv4 address or a bracketed IP literal. Empty is valid (§3.2).
     * No userinfo: an {@code @} is refused.
     */
    static boolean validHost(CharSequence s, int from, int to) {
        int i = from;
        if (i < to && s.charAt(i) == '[') {
            int close = i + 1;
            while (close < to && s.charAt(close) != ']') {
                char c = s.charAt(close);
                if (!(isHex(c) || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                    return false;
                }
                close++;
            }
            if (close >= to || close == i + 1) {
                return false;
            }
            i = close + 1;
        } else {
            while (i < to && s.charAt(i) != ':') {
                char c = s.charAt(i);
                if (c == '%') {
                    if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                } else if (!isRegNameChar(c)) {
                    return false;
                }
                i++;
            }
        }
        if (i == to) {
            return true;
        }
        if (s.charAt(i) != ':') {
            return false;
        }
        for (i++; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
