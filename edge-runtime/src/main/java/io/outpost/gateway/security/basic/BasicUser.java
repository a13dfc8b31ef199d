package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.credentials.CredentialFormatException;
import io.outpost.common.credentials.LegacyDigest;
import io.outpost.common.credentials.PasswordHash;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.pipeline.Identity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user of basic authentication ({@code security.basic.users[]}): a name, a password hash and
 * the scopes that the OAuth2 requirement's scopes are checked against (WSO2's rule).
 *
 * @param identity what a good password yields: the user as subject, the scopes, PRODUCTION; no
 *                 application (basic auth has none, so throttling has no application tier to apply)
 */
public record BasicUser(String name, PasswordHash hash, List<String> scopes, Identity identity) {

    public BasicUser(String name, PasswordHash hash, List<String> scopes) {
        this(name, hash, List.copyOf(scopes), new Identity(name, null, null, null, null, "PRODUCTION", List.copyOf(scopes), Map.of()));
    }

    /** Reads {@code users} of {@code security.basic}; legacy hashes are accepted and add a warning. */
    static List<BasicUser> read(ConfigReader r, String at, JsonNode node, List<String> warnings) {
        JsonNode list = node.get("users");
        if (list == null || list.isNull()) {
            return List.of();
        }
        String here = at + "/users";
        if (!list.isArray()) {
            r.problem(here, "must be a list of users, e.g. [{name: admin, password: '$argon2id$...', scopes: [read]}]");
            return List.of();
        }
        List<BasicUser> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String item = here + "/" + i;
            JsonNode user = list.get(i);
            if (!user.isObject()) {
                r.problem(item, "must be a mapping with name, password and optionally scopes");
                continue;
            }
            r.known(item, user, Set.of("name", "password", "scopes"));
            String name = r.text(item, user, "name", null);
            if (name == null || name.isEmpty() || name.contains(":") || name.length() > 256) {
                r.problem(item + "/name", "must be a user name of 1 to 256 characters without ':' (basic auth sends user:password)");
                continue;
            }
            if (!names.add(name)) {
                r.problem(item + "/name", "user '" + name + "' is listed twice; keep one entry");
            }
            PasswordHash hash = hash(r, item, user, name, warnings);
            List<String> scopes = Lists.strings(r, item, user, "scopes", "scope names, e.g. [read, observability]");
            if (hash != null) {
                users.add(new BasicUser(name, hash, scopes));
            }
        }
        return users;
    }

    private static PasswordHash hash(ConfigReader r, String item, JsonNode user, String name, List<String> warnings) {
        String encoded = r.text(item, user, "password", null);
        if (encoded == null) {
            r.problem(item, "user '" + name + "' needs a password: its hash from 'outpost hash-password'");
            return null;
        }
        try {
            PasswordHash hash = PasswordHash.parse(encoded);
            if (hash instanceof LegacyDigest legacy) {
                warnings.add(r.where(item + "/password") + ": user '" + name + "' has an unsalted " + legacy.algorithm()
                        + " hash (WSO2 Microgateway's form), accepted to migrate only: anyone who reads this file can try "
                        + "billions of guesses a second; replace it with the output of 'outpost hash-password' (Argon2id)");
            }
            return hash;
        } catch (CredentialFormatException e) {
            r.problem(item + "/password", "the password hash of user '" + name + "' " + e.getMessage());
            return null;
        }
    }
}
