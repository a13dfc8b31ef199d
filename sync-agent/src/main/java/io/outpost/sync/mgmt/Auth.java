package io.outpost.sync.mgmt;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer-token check for the receiver's API (mTLS, when configured, is enforced by the TLS
 * handshake itself). With neither, the receiver is open: fine on loopback for tests and demos.
 */
final class Auth {
    private final byte[] expected;

    /** @param token the shared token, or null for no bearer check */
    Auth(String token) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    boolean allows(HttpExchange ex) {
        if (expected == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        // Constant time: a token must not leak through response timing.
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers 401 with a challenge; true if the request was refused. */
    boolean refuse(HttpExchange ex) throws java.io.IOException {
        if (allows(ex)) {
            return false;
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"outpost\"");
        HttpIo.error(ex, 401, "missing or wrong bearer token");
        return true;
    }
}
