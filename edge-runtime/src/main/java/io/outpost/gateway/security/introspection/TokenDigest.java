package io.outpost.gateway.security.introspection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token, as the key of the answer cache and of the calls under way: the gateway
 * keeps no introspected token in memory longer than the request that carried it.
 */
record TokenDigest(long a, long b, long c, long d) {

    static TokenDigest of(String token) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            return new TokenDigest(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
