package io.outpost.gateway.security.bundles;

import io.outpost.common.bundle.content.Revocation;
import io.outpost.gateway.security.Revocations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code revocations} bundle as three hash maps (token id, subject, client), each value the
 * moment the entry stops counting: one lookup per name on every use of a token, cached or not.
 * Entries already past their expiry when the generation is built are left out; later ones are
 * judged at each lookup by the clock floor's time, so the table never has to be rebuilt to forget.
 */
final class RevocationTable implements Revocations {
    private final Map<String, Long> jtis;
    private final Map<String, Long> subjects;
    private final Map<String, Long> clients;

    private RevocationTable(Map<String, Long> jtis, Map<String, Long> subjects, Map<String, Long> clients) {
        this.jtis = jtis;
        this.subjects = subjects;
        this.clients = clients;
    }

    static RevocationTable of(List<Revocation> entries, long nowSeconds) {
        Map<String, Long> jtis = new HashMap<>();
        Map<String, Long> subjects = new HashMap<>();
        Map<String, Long> clients = new HashMap<>();
        for (Revocation r : entries) {
            if (r.expiresAt() <= nowSeconds) {
                continue;
            }
            Map<String, Long> map = switch (r.kind()) {
                case JTI -> jtis;
                case SUBJECT -> subjects;
                case CLIENT_ID -> clients;
            };
            map.merge(r.value(), r.expiresAt(), Math::max); // listed twice: the later expiry holds
        }
        return new RevocationTable(jtis, subjects, clients);
    }

    @Override
    public boolean revoked(String jti, String subject, String clientId, long nowSeconds) {
        return inForce(jtis, jti, nowSeconds) || inForce(subjects, subject, nowSeconds) || inForce(clients, clientId, nowSeconds);
    }

    private static boolean inForce(Map<String, Long> map, String name, long nowSeconds) {
        if (name == null || map.isEmpty()) {
            return false;
        }
        Long expiresAt = map.get(name);
        return expiresAt != null && expiresAt > nowSeconds;
    }

    int size() {
        return jtis.size() + subjects.size() + clients.size();
    }
}
