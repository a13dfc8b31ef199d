package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One entry of a {@code revocations} bundle: a token id, a subject or a client, refused until
 * {@code expiresAt}. Past that moment the entry means nothing (the tokens it was about have
 * expired too), so the list prunes itself without anyone deleting entries.
 *
 * @param expiresAt seconds since the epoch, judged by the gateway's clock floor
 */
public record Revocation(Kind kind, String value, long expiresAt) {

    /** What an entry names; its field in the bundle. */
    public enum Kind {
        JTI("jti"), SUBJECT("subject"), CLIENT_ID("clientId");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final Set<String> FIELDS = Set.of("jti", "subject", "clientId", "expiresAt");

    /** The content: a list of entries, each naming exactly one of jti, subject or clientId. */
    public static List<Revocation> parseList(JsonNode content) {
        ContentReader r = new ContentReader(BundleContents.REVOCATIONS);
        if (!r.isArray("", content)) {
            r.failIfProblems();
        }
        List<Revocation> out = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            String at = ContentReader.item("", i);
            JsonNode entry = content.get(i);
            if (!r.isObject(at, entry)) {
                continue;
            }
            r.known(at, entry, FIELDS);
            Kind kind = null;
            String value = null;
            for (Kind k : Kind.values()) {
                if (entry.has(k.field())) {
                    String v = r.text(at, entry, k.field(), true);
                    if (kind != null) {
                        r.problem(at, "names both " + kind.field() + " and " + k.field() + "; give each its own entry");
                    }
                    kind = k;
                    value = v;
                }
            }
            if (kind == null) {
                r.problem(at, "must name one of jti, subject or clientId");
            }
            Long expiresAt = r.instant(at, entry, "expiresAt");
            if (kind != null && value != null && expiresAt != null) {
                out.add(new Revocation(kind, value, expiresAt));
            }
        }
        r.failIfProblems();
        return List.copyOf(out);
    }
}
