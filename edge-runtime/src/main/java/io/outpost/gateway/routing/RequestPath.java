package io.outpost.gateway.routing;

import java.util.List;

/**
 * A request target after normalization: decoded segments with dot segments resolved, the raw
 * query (validated, never decoded), and whether the path ended with '/'.
 */
public record RequestPath(List<String> segments, boolean trailingSlash, String rawQuery) {

    /** The path re-encoded canonically, as forwarded upstream. */
    public String encoded(int fromSegment) {
        StringBuilder sb = new StringBuilder();
        for (int i = fromSegment; i < segments.size(); i++) {
            sb.append('/');
            PathEncoding.appendEncodedSegment(sb, segments.get(i));
        }
        if (trailingSlash || sb.length() == 0) {
            sb.append('/');
        }
        return sb.toString();
    }
}
