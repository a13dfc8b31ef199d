package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

    /** Fields of the client's head that the gateway sets itself for the backend. */
    private static final Set<AsciiString> REPLACED = Set.of(HttpHeaderNames.HOST, X_FORWARDED_FOR, X_FORWARDED_PROTO,
            X_FORWARDED_HOST, CORRELATION_ID);
    private static final AsciiString[] NOT_COPIED = concat(HOP_BY_HOP, REPLACED);
    private static final byte[] HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};

    private ProxyHeaders() {}

    private static AsciiString[] concat(Set<AsciiString> a, Set<AsciiString> b) {
        List<AsciiString> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(new AsciiString[0]);
    }

    /** Removes hop-by-hop fields and every field the Connection header names. */
    public static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String name : connectionNamed(headers)) {
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

    /**
     * Writes the head the backend receives, as bytes: the client's fields but the hop-by-hop ones
     * (and those its Connection header names) and the ones the gateway sets itself, then Host,
     * X-Forwarded-For (the client's address appended), X-Forwarded-Proto, X-Forwarded-Host, the
     * correlation id and the endpoint's credentials. The client's header map is left as it was.
     *
     * @param authorization the endpoint's Authorization value, or null to pass the client's on
     * @param chunked       whether the body follows in chunks (see {@link UpstreamBody})
     */
    public static void writeUpstreamHead(ByteBuf out, HttpRequest request, String target, String authority,
                                         String requestHost, String clientIp, String proto, String correlationId,
                                         String authorization, boolean chunked) {
        HttpHeaders headers = request.headers();
        List<String> named = headers.contains(HttpHeaderNames.CONNECTION) ? connectionNamed(headers) : List.of();
        out.writeCharSequence(request.method().asciiName(), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(target, StandardCharsets.US_ASCII);
        out.writeBytes(HTTP_1_1_CRLF);
        field(out, HttpHeaderNames.HOST, authority);
        String forwardedFor = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            CharSequence name = field.getKey();
            if (isOneOf(name, NOT_COPIED)) {
                if (AsciiString.contentEqualsIgnoreCase(name, X_FORWARDED_FOR) && !isBlank(field.getValue())) {
                    forwardedFor = forwardedFor == null ? field.getValue().toString() : forwardedFor + ", " + field.getValue();
                }
                continue;
            }
            if ((authorization != null && AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.AUTHORIZATION))
                    || (chunked && AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH))
                    || (!named.isEmpty() && isNamed(name, named))) {
                continue;
            }
            field(out, name, field.getValue());
        }
        field(out, X_FORWARDED_FOR, forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        field(out, X_FORWARDED_PROTO, proto);
        if (requestHost != null) {
            field(out, X_FORWARDED_HOST, requestHost);
        }
        field(out, CORRELATION_ID, correlationId);
        if (authorization != null) {
            field(out, HttpHeaderNames.AUTHORIZATION, authorization);
        }
        if (chunked) {
            field(out, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        out.writeBytes(CRLF);
    }

    /** The bytes {@link #field} writes. */
    static int fieldLength(CharSequence name, CharSequence value) {
        return name.length() + COLON_SPACE.length + value.length() + CRLF.length;
    }

    /** One header line, written as Netty's encoder writes it (US-ASCII). */
    static void field(ByteBuf out, CharSequence name, CharSequence value) {
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeBytes(COLON_SPACE);
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    private static List<String> connectionNamed(HttpHeaders headers) {
        List<String> named = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    named.add(t);
                }
            }
        }
        return named;
    }

    private static boolean isNamed(CharSequence name, List<String> named) {
        for (String n : named) {
            if (AsciiString.contentEqualsIgnoreCase(name, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOneOf(CharSequence name, AsciiString[] names) {
        int length = name.length();
        for (AsciiString n : names) {
            if (n.length() == length && AsciiString.contentEqualsIgnoreCase(name, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
