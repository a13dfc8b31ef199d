package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.UpdateBundle;

/**
 * The content of each update bundle type, checked against its schema
 * (docs/management-api.yaml, {@code KeysContent}, {@code RevocationsContent},
 * {@code OpaqueTokensContent}, {@code BlockingContent}) by the one parser both sides use: {@code outpost mgmt bundle
 * publish} before it signs, the gateway before it applies. Each bundle is a full snapshot of its
 * type.
 */
public final class BundleContents {
    static final String KEYS = UpdateBundle.KEYS;
    static final String REVOCATIONS = UpdateBundle.REVOCATIONS;
    static final String OPAQUE_TOKENS = UpdateBundle.OPAQUE_TOKENS;
    static final String BLOCKING = UpdateBundle.BLOCKING;

    private BundleContents() {}

    /**
     * @return {@link TrustKeys}, a {@code List<Revocation>}, a {@code List<OpaqueToken>} or {@link Blocking}
     * @throws InvalidContentException naming every field that is wrong
     */
    public static Object parse(String type, JsonNode content) {
        return switch (type) {
            case KEYS -> TrustKeys.parse(content);
            case REVOCATIONS -> Revocation.parseList(content);
            case OPAQUE_TOKENS -> OpaqueToken.parseList(content);
            case BLOCKING -> Blocking.parse(content);
            default -> throw new IllegalArgumentException("unknown bundle type '" + type + "'; expected one of "
                    + UpdateBundle.sortedTypes());
        };
    }

    static boolean isSha256Hex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
