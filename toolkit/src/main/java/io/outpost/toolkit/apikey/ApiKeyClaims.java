package io.outpost.toolkit.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The claims of a WSO2-shaped JWT API key (what API Manager's {@code /apikey} issued): who
 * ({@code sub}, {@code application}), for what ({@code allowedAPIs}), which endpoints
 * ({@code keytype}), the application's tier ({@code tierInfo}) and how long ({@code iat},
 * {@code exp}, a fresh {@code jti} so one key can be revoked alone).
 */
public final class ApiKeyClaims {
    /** API Manager's unlimited tier, the application tier of keys issued here. */
    public static final String TIER = "Unlimited";

    private ApiKeyClaims() {}

    /** One {@code NAME:VERSION} of {@code --api}. */
    public record AllowedApi(String name, String version) {
        public static AllowedApi parse(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException("'" + value + "' is not NAME:VERSION (e.g. PetStoreAPI:1.0.0)");
            }
            return new AllowedApi(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
        }
    }

    /** @param audience null for none */
    public static Map<String, Object> of(String issuer, String audience, String subject, String application, String keyType,
                                         List<AllowedApi> apis, Instant now, Duration validity) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("iss", issuer);
        if (audience != null) {
            claims.put("aud", audience);
        }
        String appId = UUID.randomUUID().toString();
        claims.put("application", Map.of("owner", subject, "tier", TIER, "name", application, "id", appId, "uuid", appId));
        claims.put("tierInfo", Map.of(TIER, Map.of("stopOnQuotaReach", true, "spikeArrestLimit", 0)));
        claims.put("keytype", keyType);
        List<Map<String, Object>> allowed = new ArrayList<>();
        for (AllowedApi api : apis) {
            allowed.add(Map.of("name", api.name(), "version", api.version()));
        }
        claims.put("allowedAPIs", allowed);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** {@code 30d}, {@code 12h}, {@code 90m} or {@code 3600s}: from a minute to ten years. */
    public static Duration validity(String value) {
        if (value == null || !value.matches("\\d{1,9}[smhd]")) {
            throw new IllegalArgumentException("'" + value + "' is not a validity such as 30d, 12h, 90m or 3600s");
        }
        long n = Long.parseLong(value.substring(0, value.length() - 1));
        Duration d = switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("validity " + value + " is outside 1 minute to 3650 days");
        }
        return d;
    }
}
