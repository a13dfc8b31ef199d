package io.outpost.gateway.security.basic;

import io.outpost.common.credentials.PasswordHash;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Basic authentication against the configured users. On the event loop it only decodes the header
 * and looks in the cache of recently verified pairs (a hit is answered at once); the hash itself
 * runs on the {@link HashPool}, and the stage waits for it with a pending verdict. Identical
 * requests arriving while a check runs share it. An unknown user is checked against another user's
 * hash (the most costly one) and refused after the same work as a wrong password, so the time taken
 * does not say which user names exist.
 */
final class BasicAuthCheck implements CredentialCheck {
    /** Longer than any header the gateway's limits let through; the decoder never sees more. */
    private static final int MAX_CREDENTIAL_CHARS = 8192;
    private static final Check MALFORMED = new Check.Refused(Faults.malformedBasicCredentials());
    private static final Check INVALID = new Check.Refused(Faults.invalidBasicCredentials());
    /** The pool and its queue are full: 503, as when a check does not finish in time; never a 401, since nothing was judged. */
    static final Check BUSY = new Check.Refused(Faults.decisionTimeout());

    private final Map<String, BasicUser> users = new HashMap<>();
    private final PasswordHash dummy;
    private final HashPool pool;
    private final VerifiedPairs verified;
    private final Map<VerifiedPairs.Digest, CompletableFuture<Check>> inFlight = new ConcurrentHashMap<>();

    BasicAuthCheck(List<BasicUser> users, HashPool pool, VerifiedPairs verified) {
        users.forEach(u -> this.users.put(u.name(), u));
        this.dummy = users.stream().map(BasicUser::hash)
                .max(Comparator.comparingInt((PasswordHash h) -> h.legacy() ? 0 : 1).thenComparingInt(PasswordHash::memoryKiB))
                .orElse(null);
        this.pool = pool;
        this.verified = verified;
    }

    /** The hash an unknown user's password is checked against: the costliest configured one. */
    PasswordHash dummy() {
        return dummy;
    }

    @Override
    public Check check(String credential, ApiRef api) {
        byte[] pair = decode(credential);
        int colon = pair == null ? -1 : indexOf(pair, (byte) ':');
        // "user:" is malformed too: WSO2 split the pair on ':' and wanted two non-empty parts for a password.
        if (colon < 0 || colon == pair.length - 1) {
            return MALFORMED;
        }
        if (users.isEmpty()) {
            return INVALID; // no user names to keep secret, nothing to hash
        }
        VerifiedPairs.Digest digest = VerifiedPairs.digest(pair);
        Identity known = verified.get(digest);
        if (known != null) {
            return new Check.Accepted(known);
        }
        CompletableFuture<Check> mine = new CompletableFuture<>();
        CompletableFuture<Check> running = inFlight.putIfAbsent(digest, mine);
        if (running != null) {
            return new Check.Deferred(running);
        }
        try {
            pool.execute(() -> {
                Check answer;
                try {
                    answer = verify(pair, colon, digest);
                } catch (RuntimeException | Error e) {
                    answer = new Check.Refused(Faults.internalError());
                }
                inFlight.remove(digest, mine); // after the cache is filled, so a request now finds one or the other
                mine.complete(answer);
            });
        } catch (RejectedExecutionException full) {
            inFlight.remove(digest, mine);
            mine.complete(BUSY); // any request that joined it in between gets the same answer
            return BUSY;
        }
        return new Check.Deferred(mine);
    }

    /** On a hash thread. */
    private Check verify(byte[] pair, int colon, VerifiedPairs.Digest digest) {
        String name = new String(pair, 0, colon, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(pair, colon + 1, pair.length);
        try {
            BasicUser user = users.get(name);
            if (user == null) {
                dummy.matches(password);
                return INVALID;
            }
            if (!user.hash().matches(password)) {
                return INVALID;
            }
            verified.put(digest, user.identity());
            return new Check.Accepted(user.identity());
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(pair, (byte) 0);
        }
    }

    /** The decoded user:password, or null when it is not base64. */
    private static byte[] decode(String credential) {
        if (credential.length() > MAX_CREDENTIAL_CHARS) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(credential);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
