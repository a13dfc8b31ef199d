package io.outpost.gateway.metrics;

/**
 * The {@code method} label: the standard HTTP methods by name, anything else under
 * {@value BoundedCounter#OTHER}, so a client inventing methods cannot grow the series count.
 */
final class HttpMethods {
    static final String[] LABELS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
            BoundedCounter.OTHER};
    static final int OTHER = LABELS.length - 1;

    private HttpMethods() {}

    /** The index of {@code method}'s label in {@link #LABELS}; a switch on the string: no allocation. */
    static int index(String method) {
        if (method == null) {
            return OTHER;
        }
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            case "TRACE" -> 7;
            case "CONNECT" -> 8;
            default -> OTHER;
        };
    }
}
