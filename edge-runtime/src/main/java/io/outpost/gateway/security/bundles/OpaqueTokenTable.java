package io.outpost.gateway.security.bundles;

import io.outpost.common.bundle.content.OpaqueToken;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens that are not JWTs, by the {@code opaque-tokens} bundle: the SHA-256 of the token
 * is looked up in a hash map, so the table holds no token and a lookup reveals nothing by its
 * timing that the hash does not already hide. Offline policy: a token the table does not list is
 * refused (401 / 900901) — there is no network call to ask anyone about it. Expired, or its
 * subject or client revoked: 401 / 900901; listed but not subscribed to the API: 403 / 900908.
 * The token is never logged.
 */
final class OpaqueTokenTable implements CredentialCheck {
    private static final Check.Refused INVALID = new Check.Refused(Faults.invalidCredentials());
    private static final Check.Refused NOT_SUBSCRIBED = new Check.Refused(Faults.notSubscribed());
    private static final HexFormat HEX = HexFormat.of();

    /** The 32 bytes of a SHA-256 as a map key: half the memory of its hex, and no hex to format per request. */
    private record Digest(long a, long b, long c, long d) {
        static Digest of(byte[] sha256) {
            ByteBuffer buf = ByteBuffer.wrap(sha256);
            return new Digest(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
        }
    }

    private final Map<Digest, OpaqueToken> bySha256;
    private final Revocations revocations;
    private final ClockFloor clock;

    private OpaqueTokenTable(Map<Digest, OpaqueToken> bySha256, Revocations revocations, ClockFloor clock) {
        this.bySha256 = bySha256;
        this.revocations = revocations;
        this.clock = clock;
    }

    static OpaqueTokenTable of(List<OpaqueToken> tokens, Revocations revocations, ClockFloor clock) {
        Map<Digest, OpaqueToken> map = new HashMap<>(Math.max(16, tokens.size() * 4 / 3 + 1));
        for (OpaqueToken t : tokens) {
            map.put(Digest.of(HEX.parseHex(t.sha256())), t);
        }
        return new OpaqueTokenTable(map, revocations, clock);
    }

    @Override
    public Check check(String credential, ApiRef api) {
        if (bySha256.isEmpty()) {
            return INVALID;
        }
        OpaqueToken token = bySha256.get(Digest.of(sha256(credential)));
        if (token == null) {
            return INVALID;
        }
        long now = clock.nowSeconds();
        if (token.expiresAt() <= now || revocations.revoked(null, token.subject(), token.clientId(), now)) {
            return INVALID;
        }
        OpaqueToken.Subscription subscription = token.subscriptionTo(api.name(), api.version());
        if (subscription == null) {
            return NOT_SUBSCRIBED;
        }
        OpaqueToken.Application app = token.application();
        return new Check.Accepted(new Identity(token.subject(), app == null ? null : app.id(), app == null ? null : app.name(),
                app == null ? null : app.tier(), subscription.tier(), token.keyType(), token.scopes(),
                token.clientId() == null ? Map.of() : Map.of("client_id", token.clientId())));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    int size() {
        return bySha256.size();
    }
}
