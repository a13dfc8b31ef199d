package io.outpost.gateway.security.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.gateway.pipeline.Identity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an RFC 7662 §2.2 answer into what the gateway needs: {@code active}, and for an active
 * token {@code sub} (else WSO2's {@code username}), {@code client_id}, {@code scope} (a
 * space-separated string, or a list), {@code exp}, {@code jti}, {@code aud}; WSO2's
 * {@code keytype} (SANDBOX, else PRODUCTION) and {@code application: {name, tier}} when present.
 * Everything not named here is ignored. A body that is not such an answer is an error, never an
 * inactive token: the caller applies the offline policy to it.
 */
final class IntrospectionResponse {
    private IntrospectionResponse() {}

    /** @throws IllegalArgumentException when the body is not an RFC 7662 answer */
    static Answer parse(byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (json == null || !json.isObject() || !json.path("active").isBoolean()) {
            throw new IllegalArgumentException("no boolean 'active' member (RFC 7662 section 2.2)");
        }
        if (!json.get("active").asBoolean()) {
            return Answer.INACTIVE;
        }
        String clientId = text(json, "client_id");
        String subject = text(json, "sub");
        subject = subject != null ? subject : text(json, "username");
        JsonNode exp = json.get("exp");
        if (exp != null && !exp.isNull() && !(exp.isIntegralNumber() && exp.canConvertToLong() && exp.asLong() > 0)) {
            throw new IllegalArgumentException("'exp' is not a number of seconds");
        }
        JsonNode app = json.path("application");
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, "client_id", clientId);
        put(claims, "username", text(json, "username"));
        put(claims, "token_type", text(json, "token_type"));
        put(claims, "iss", text(json, "iss"));
        JsonNode aud = json.get("aud");
        if (aud != null && (aud.isTextual() || aud.isArray())) {
            claims.put("aud", aud.isTextual() ? aud.asText() : strings(aud));
        }
        String keyType = "SANDBOX".equalsIgnoreCase(text(json, "keytype")) ? "SANDBOX" : "PRODUCTION";
        Identity identity = new Identity(subject, clientId, text(app, "name"), text(app, "tier"), null, keyType,
                scopes(json.get("scope")), Map.copyOf(claims));
        return new Answer.Active(identity, exp == null || exp.isNull() ? 0 : exp.asLong(), text(json, "jti"));
    }

    private static List<String> scopes(JsonNode scope) {
        if (scope == null || scope.isNull()) {
            return List.of();
        }
        if (scope.isArray()) {
            return strings(scope);
        }
        List<String> out = new ArrayList<>();
        for (String s : scope.asText().split(" ")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        });
        return List.copyOf(out);
    }

    private static String text(JsonNode json, String name) {
        JsonNode n = json.get(name);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name.toLowerCase(Locale.ROOT), value);
        }
    }
}
