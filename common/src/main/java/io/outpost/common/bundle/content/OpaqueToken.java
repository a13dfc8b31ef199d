package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One entry of an {@code opaque-tokens} bundle: what the gateway knows of a token it cannot read,
 * keyed by the SHA-256 of the token (the token itself is never in the bundle).
 *
 * @param sha256        lower-case hex of the SHA-256 of the token's UTF-8 bytes
 * @param clientId      the OAuth2 client (consumer key), or null
 * @param expiresAt     seconds since the epoch
 * @param keyType       PRODUCTION or SANDBOX (chooses the endpoints)
 * @param application   the WSO2 application behind the client, or null
 * @param subscriptions the APIs the application is subscribed to; the token is refused (403 / 900908) for any other
 */
public record OpaqueToken(String sha256, String subject, String clientId, List<String> scopes, long expiresAt,
                          String keyType, Application application, List<Subscription> subscriptions) {

    public record Application(String id, String name, String tier) {}

    public record Subscription(String name, String version, String tier) {}

    private static final Set<String> FIELDS = Set.of("sha256", "subject", "clientId", "scopes", "expiresAt", "keyType",
            "application", "subscriptions");

    /** The subscription to the API {@code name} / {@code version}, or null. */
    public Subscription subscriptionTo(String name, String version) {
        for (Subscription s : subscriptions) {
            if (s.name().equals(name) && s.version().equals(version)) {
                return s;
            }
        }
        return null;
    }

    /** The content: a list of entries, one per token. */
    public static List<OpaqueToken> parseList(JsonNode content) {
        ContentReader r = new ContentReader(BundleContents.OPAQUE_TOKENS);
        if (!r.isArray("", content)) {
            r.failIfProblems();
        }
        List<OpaqueToken> out = new ArrayList<>(content.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < content.size(); i++) {
            String at = ContentReader.item("", i);
            JsonNode entry = content.get(i);
            if (!r.isObject(at, entry)) {
                continue;
            }
            r.known(at, entry, FIELDS);
            OpaqueToken token = entry(r, at, entry);
            if (token != null && !seen.add(token.sha256())) {
                r.problem(ContentReader.field(at, "sha256"), "the same token is listed twice");
            } else if (token != null) {
                out.add(token);
            }
        }
        r.failIfProblems();
        return List.copyOf(out);
    }

    private static OpaqueToken entry(ContentReader r, String at, JsonNode entry) {
        JsonNode hash = entry.get("sha256");
        String sha256 = null;
        // The value is never echoed: a publisher who put the token itself here must not see it in a log.
        if (hash == null || !hash.isTextual() || !BundleContents.isSha256Hex(hash.asText().toLowerCase(Locale.ROOT))) {
            r.problem(ContentReader.field(at, "sha256"), "must be the SHA-256 of the token: 64 hexadecimal digits "
                    + "(e.g. printf %s \"$TOKEN\" | sha256sum)");
        } else {
            sha256 = hash.asText().toLowerCase(Locale.ROOT);
        }
        String subject = r.text(at, entry, "subject", true);
        String clientId = r.shared(r.text(at, entry, "clientId", false));
        List<String> scopes = r.texts(at, entry, "scopes", false);
        Long expiresAt = r.instant(at, entry, "expiresAt");
        String keyType = r.text(at, entry, "keyType", false);
        keyType = keyType == null ? "PRODUCTION" : keyType.toUpperCase(Locale.ROOT);
        if (!keyType.equals("PRODUCTION") && !keyType.equals("SANDBOX")) {
            r.problem(ContentReader.field(at, "keyType"), "must be PRODUCTION or SANDBOX");
        }
        Application application = application(r, at, r.object(at, entry, "application", false));
        List<Subscription> subscriptions = subscriptions(r, at, r.array(at, entry, "subscriptions", true));
        if (sha256 == null || subject == null || scopes == null || expiresAt == null || subscriptions == null) {
            return null;
        }
        return new OpaqueToken(sha256, subject, clientId, r.shared(List.copyOf(scopes)), expiresAt, keyType,
                r.shared(application), r.shared(subscriptions));
    }

    private static Application application(ContentReader r, String at, JsonNode node) {
        if (node == null) {
            return null;
        }
        String here = ContentReader.field(at, "application");
        r.known(here, node, Set.of("id", "name", "tier"));
        return new Application(r.text(here, node, "id", true), r.text(here, node, "name", false), r.text(here, node, "tier", false));
    }

    private static List<Subscription> subscriptions(ContentReader r, String at, JsonNode list) {
        if (list == null) {
            return null;
        }
        List<Subscription> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String here = ContentReader.item(ContentReader.field(at, "subscriptions"), i);
            JsonNode s = list.get(i);
            if (!r.isObject(here, s)) {
                continue;
            }
            r.known(here, s, Set.of("name", "version", "tier"));
            String name = r.text(here, s, "name", true);
            String version = r.text(here, s, "version", true);
            if (name != null && version != null) {
                out.add(r.shared(new Subscription(name, version, r.text(here, s, "tier", false))));
            }
        }
        return List.copyOf(out);
    }
}
