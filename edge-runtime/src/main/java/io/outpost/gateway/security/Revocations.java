package io.outpost.gateway.security;

/**
 * The revoked credentials of the applied {@code revocations} bundle: checked on every use of a
 * token, cached or not.
 */
@FunctionalInterface
public interface Revocations {
    Revocations NONE = (jti, subject, clientId, nowSeconds) -> false;

    /**
     * @param jti        the token's {@code jti}, or null
     * @param subject    its {@code sub}, or null
     * @param clientId   its client (consumer key), or null
     * @param nowSeconds the time to judge entry expiries by (the clock floor applied)
     */
    boolean revoked(String jti, String subject, String clientId, long nowSeconds);
}
