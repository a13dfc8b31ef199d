package io.outpost.common.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A signed update for a device (contract 6): one of the known {@code type}s, a per-type
 * {@code sequence} that only ever increases, when it was issued, and its content (left opaque
 * here; the security stage interprets revocations, keys and opaque tokens, the blocking stage
 * blocking conditions).
 */
public record UpdateBundle(String type, long sequence, Instant issuedAt, JsonNode content) {
    public static final String REVOCATIONS = "revocations";
    public static final String KEYS = "keys";
    public static final String OPAQUE_TOKENS = "opaque-tokens";
    /** Blocking conditions (addresses, applications, users, APIs), added to gateway.yaml's. */
    public static final String BLOCKING = "blocking";
    /** Every type a device accepts; anything else is refused, so a typo never lands as a file. */
    public static final Set<String> TYPES = Set.of(REVOCATIONS, KEYS, OPAQUE_TOKENS, BLOCKING);

    public UpdateBundle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(content, "content");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown bundle type '" + type + "'; expected one of " + sortedTypes());
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("bundle sequence must be 1 or more (got " + sequence + ")");
        }
    }

    /** The known bundle types, sorted, for messages. */
    public static String sortedTypes() {
        return String.join(", ", new java.util.TreeSet<>(TYPES));
    }
}
