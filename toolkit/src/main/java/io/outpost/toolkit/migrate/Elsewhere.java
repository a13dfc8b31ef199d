package io.outpost.toolkit.migrate;

import java.util.Map;
import java.util.Set;

/**
 * The sections of micro-gw.conf that are not security or listeners: each gets one note saying
 * where Outpost configures that concern, or that it has no such thing. Their values (broker URLs,
 * key manager passwords) are never repeated.
 */
final class Elsewhere {
    /** Top-level sections the other migrations read. */
    private static final Set<String> CARRIED = Set.of("listenerConfig", "authConfig", "jwtTokenConfig", "jwtConfig",
            "caching", "mutualSSLConfig", "apikey", "server");

    private static final String KEY_MANAGER = "JWTs and JWT API keys verify offline "
            + "(security.jwt, security.apiKeys) and opaque tokens are looked up in the signed `opaque-tokens` update bundles. "
            + "To ask this key manager about opaque tokens the bundles do not list, set security.opaqueTokens.introspection "
            + "(endpoint: <serverUrl>/<tokenContext>/introspect, clientId, clientSecretFile; off by default, the gateway's "
            + "one request-time network call; docs/security.md, \"Introspection\")";

    private static final Map<String, String> WHERE = Map.ofEntries(
            Map.entry("keyManager", KEY_MANAGER),
            Map.entry("keymanager", KEY_MANAGER),
            Map.entry("analytics", "configured elsewhere: the gateway journals every exchange itself (analytics: in "
                    + "gateway.yaml, docs/gateway.md) and `outpost sync` forwards the journal (sync.yaml, docs/sync.md)"),
            Map.entry("throttlingConfig", "out of scope here: throttling is decided on the device from the project's "
                    + "policies.yaml and each API's x-wso2-throttling-tier; there is no traffic manager to publish to"),
            Map.entry("tokenRevocationConfig", "configured elsewhere: revoked tokens arrive as signed `revocations` "
                    + "update bundles that `outpost sync` fetches (docs/security.md, docs/sync.md); no JMS topic or etcd"),
            Map.entry("apim", "configured elsewhere: APIs come as signed artifacts and subscriptions, keys and "
                    + "revocations as signed update bundles, all through `outpost sync` (docs/sync.md); no event hub"),
            Map.entry("httpClients", "configured elsewhere: backends.tls (verifyHostname, trustedCertificates) and "
                    + "backends.pool in gateway.yaml (docs/gateway.md)"),
            Map.entry("http2", "not supported: the gateway speaks HTTP/1.0 and HTTP/1.1 to clients (docs/gateway.md)"),
            Map.entry("validationConfig", "not supported: the gateway does not validate requests or responses "
                    + "against the OpenAPI schemas"),
            Map.entry("jwtGeneratorConfig", "not supported: the gateway mints no backend JWT; security.forwardJwtHeader "
                    + "passes the client's verified token as it is"),
            Map.entry("security", "configured elsewhere: subscriptions are checked per JWT issuer (validateSubscription "
                    + "in security.jwt.issuers) and opaque tokens carry theirs in the `opaque-tokens` bundles (docs/security.md)"));

    private static final Map<String, String> B7A = Map.of(
            "observability", "configured elsewhere: metrics are served as GET /metrics on the admin listener (admin: in "
                    + "gateway.yaml, docs/gateway.md); tracing is not supported",
            "log", "every process logs to stderr; gateway.yaml has no log settings");

    private Elsewhere() {}

    static void note(Migration m) {
        Table root = m.conf.root();
        for (String key : root.keys()) {
            if (CARRIED.contains(key)) {
                continue;
            }
            if (key.equals("b7a")) {
                b7a(m);
                continue;
            }
            root.ignore(key);
            String label = root.isTable(key) ? "[" + m.conf.root().table(key).singlePath() + "]" : key;
            root.note(Note.Kind.SKIPPED, key, label + ": " + WHERE.getOrDefault(key, "not a Microgateway 3.x setting Outpost knows"));
        }
    }

    private static void b7a(Migration m) {
        Table root = m.conf.root();
        if (!root.isTable("b7a")) {
            root.ignore("b7a");
            root.note(Note.Kind.SKIPPED, "b7a", "b7a: not a Microgateway 3.x setting Outpost knows");
            return;
        }
        Table b7a = m.section("b7a");
        for (String key : b7a.keys()) {
            if (key.equals("users")) {
                continue;
            }
            b7a.ignore(key);
            b7a.note(Note.Kind.SKIPPED, key, "[b7a." + key + "]: " + B7A.getOrDefault(key,
                    "not a Microgateway 3.x section Outpost knows"));
        }
    }
}
