package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.outpost.common.json.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small helpers for the receiver's handlers. */
final class HttpIo {
    private HttpIo() {}

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("error", message);
        json(ex, status, o);
    }

    /** Answers 405 with {@code Allow} unless the request uses {@code method}; true when it answered. */
    static boolean refuseMethodOtherThan(HttpExchange ex, String method) throws IOException {
        if (method.equals(ex.getRequestMethod())) {
            return false;
        }
        ex.getResponseHeaders().set("Allow", method);
        error(ex, 405, "use " + method);
        return true;
    }

    static void empty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** Thrown by a {@link #limited} stream once more than its limit was read. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    static InputStream limited(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > limit) {
                    throw new TooLarge(limit);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && (read += n) > limit) {
                    throw new TooLarge(limit);
                }
                return n;
            }
        };
    }
}
