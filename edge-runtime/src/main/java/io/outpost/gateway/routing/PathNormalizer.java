package io.outpost.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request target into the path that routing matches and the backend receives.
 *
 * <p>Anything that could make the gateway and a backend disagree about which resource was asked
 * for is refused rather than guessed at: encoded '/', '\' or NUL, double encoding, matrix
 * parameters (';'), empty segments, backslashes, control characters, malformed escapes or UTF-8,
 * and dot segments that climb above the root. Plain dot segments ("." and "..", also when
 * percent-encoded) are resolved, so the matched path and the forwarded path are the same.
 */
public final class PathNormalizer {

    /** Why a target was refused; the message is safe to return to the client. */
    public static final class RejectedPath extends Exception {
        public RejectedPath(String message) {
            super(message, null, false, false);
        }
    }

    private PathNormalizer() {}

    public static RequestPath normalize(String target) throws RejectedPath {
        if (target.isEmpty() || target.charAt(0) != '/') {
            throw new RejectedPath("request target must be an absolute path");
        }
        if (target.indexOf('#') >= 0) {
            throw new RejectedPath("fragment not allowed in request target");
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);
        if (rawQuery != null) {
            for (int i = 0; i < rawQuery.length(); i++) {
                char c = rawQuery.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    throw new RejectedPath("invalid character in query");
                }
            }
        }
        boolean trailingSlash = rawPath.length() > 1 && rawPath.charAt(rawPath.length() - 1) == '/';
        int end = trailingSlash ? rawPath.length() - 1 : rawPath.length();
        List<String> segments = new ArrayList<>();
        for (int start = 1; start <= end && !rawPath.equals("/"); ) {
            int slash = rawPath.indexOf('/', start);
            int stop = slash < 0 || slash > end ? end : slash;
            if (stop == start) {
                throw new RejectedPath("empty path segment");
            }
            String segment = decodeSegment(rawPath.substring(start, stop));
            start = stop + 1;
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new RejectedPath("path climbs above the root");
                }
                segments.remove(segments.size() - 1);
                continue;
            }
            segments.add(segment);
        }
        return new RequestPath(List.copyOf(segments), trailingSlash, rawQuery);
    }

    private static String decodeSegment(String raw) throws RejectedPath {
        if (isPlain(raw)) {
            return raw; // nearly every segment: nothing to decode
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RejectedPath("malformed percent-encoding in path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RejectedPath("malformed percent-encoding in path");
                }
                int b = (hi << 4) | lo;
                if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
                    throw new RejectedPath("encoded '/', '\\' or control character in path");
                }
                if (b == '%') {
                    throw new RejectedPath("double percent-encoding in path");
                }
                if (b == ';') {
                    throw new RejectedPath("matrix parameters (';') are not accepted in paths");
                }
                bytes.write(b);
                i += 2;
            } else if (c == ';') {
                throw new RejectedPath("matrix parameters (';') are not accepted in paths");
            } else if (c == '\\') {
                throw new RejectedPath("backslash in path");
            } else if (c < 0x80 && PathEncoding.isPlainSegmentChar(c)) {
                bytes.write(c);
            } else {
                throw new RejectedPath("invalid character in path");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedPath("path is not valid UTF-8");
        }
    }

    private static boolean isPlain(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 || !PathEncoding.isPlainSegmentChar(c)) { // also refuses '%', ';' and '\\'
                return false;
            }
        }
        return true;
    }
}
