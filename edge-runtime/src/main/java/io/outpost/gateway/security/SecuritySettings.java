package io.outpost.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.security.basic.BasicSettings;
import io.outpost.gateway.security.introspection.IntrospectionSettings;
import io.outpost.gateway.security.jwt.JwtSettings;
import java.util.Set;

/**
 * {@code security} in gateway.yaml: how credentials are checked on this device, all from files
 * (docs/security.md).
 *
 * @param removeCredential  take the credential out of what the backend receives (header and query
 *                          parameter alike); WSO2's {@code removeAuthHeaderFromOutMessage}, on by default
 * @param forwardJwtHeader  a header the verified JWT is passed to the backend in (WSO2's
 *                          {@code [jwtConfig] header}, e.g. X-JWT-Assertion), or null for none
 * @param introspection     {@code opaqueTokens.introspection}: the key manager asked about opaque tokens the
 *                          table does not list (RFC 7662), or null when off (the default: no request-time network call)
 */
public record SecuritySettings(boolean removeCredential, String forwardJwtHeader, JwtSettings jwt, BasicSettings basic,
                               IntrospectionSettings introspection) {
    public static final SecuritySettings DEFAULT = new SecuritySettings(true, null, JwtSettings.DEFAULT, BasicSettings.DEFAULT);

    /** Without introspection. */
    public SecuritySettings(boolean removeCredential, String forwardJwtHeader, JwtSettings jwt, BasicSettings basic) {
        this(removeCredential, forwardJwtHeader, jwt, basic, null);
    }

    /** The sections of {@code security}, each read by its own mechanism's settings. */
    private static final Set<String> SECTIONS = Set.of("removeCredential", "forwardJwtHeader", "jwt", "apiKeys", "basic",
            "mutualTls", "opaqueTokens");

    /** Reads {@code security} of gateway.yaml's root, reporting every problem to the reader. */
    public static SecuritySettings read(ConfigReader r, String at, JsonNode root) {
        JsonNode node = r.object(at, root, "security");
        if (node == null) {
            return DEFAULT;
        }
        String here = at + "/security";
        r.known(here, node, SECTIONS);
        String forward = r.text(here, node, "forwardJwtHeader", null);
        if (forward != null && !forward.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
            r.problem(here + "/forwardJwtHeader", "must be a header name (letters, digits, '-'), e.g. X-JWT-Assertion");
            forward = null;
        }
        JsonNode apiKeys = r.object(here, node, "apiKeys");
        if (apiKeys != null) {
            r.known(here + "/apiKeys", apiKeys, Set.of("issuers", "static"));
        }
        // JWT API keys are read with the JWT issuers, static keys with the basic users (both are hashes or keys of theirs).
        return new SecuritySettings(r.bool(here, node, "removeCredential", true), forward,
                JwtSettings.read(r, here, r.object(here, node, "jwt"), apiKeys == null ? null : apiKeys.get("issuers")),
                BasicSettings.read(r, here, r.object(here, node, "basic"), apiKeys == null ? null : apiKeys.get("static")),
                IntrospectionSettings.read(r, here, r.object(here, node, "opaqueTokens")));
    }
}
