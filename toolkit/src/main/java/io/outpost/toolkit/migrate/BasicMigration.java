package io.outpost.toolkit.migrate;

import io.outpost.common.credentials.CredentialFormatException;
import io.outpost.common.credentials.LegacyDigest;
import io.outpost.common.credentials.PasswordHash;
import java.util.List;
import java.util.Map;

/**
 * {@code [b7a.users]} to {@code security.basic.users}. WSO2 kept unsalted digests: a bare SHA-1
 * hex (it hashed the password given with SHA-1 and compared) or Ballerina's {@code @sha256:{hex}}.
 * The gateway accepts them to migrate, warning at start, so they are carried as they are, with the
 * same warning here; what the gateway would refuse is named instead of written. The forms are the
 * gateway's own ({@link PasswordHash}), so the two cannot disagree.
 */
final class BasicMigration {
    private BasicMigration() {}

    static void migrate(Migration m) {
        Table users = m.section("b7a", "users");
        if (users == null) {
            return;
        }
        m.sweep(users);
        YamlNode.Sequence out = new YamlNode.Sequence();
        for (Map.Entry<String, Table> user : users.subtables().entrySet()) {
            YamlNode.Mapping entry = user(user.getKey(), user.getValue());
            if (entry != null) {
                out.add(entry, null);
            }
        }
        if (!out.items().isEmpty()) {
            m.security().child("basic").put("users", out);
        }
    }

    private static YamlNode.Mapping user(String name, Table t) {
        String password = t.text("password");
        List<String> scopes = t.list("scopes", "[,\\s]+");
        for (String key : t.unread()) {
            t.note(Note.Kind.SKIPPED, key, t.label(key) + ": not a setting Outpost knows; nothing carries it over");
        }
        if (name.contains(":") || name.isBlank()) {
            t.note(Note.Kind.SKIPPED, null, t.label() + ": a user name with ':' cannot log in with basic auth "
                    + "(it sends user:password); user not carried over");
            return null;
        }
        if (password == null) {
            t.note(Note.Kind.SKIPPED, null, t.label() + ": no password; user not carried over");
            return null;
        }
        PasswordHash hash;
        try {
            hash = PasswordHash.parse(password);
        } catch (CredentialFormatException e) {
            t.note(Note.Kind.SKIPPED, "password", t.label("password") + ": " + e.getMessage() + "; user " + name
                    + " is not carried over: add it to security.basic.users with that hash");
            return null;
        }
        String comment = t.label();
        if (hash instanceof LegacyDigest legacy) {
            comment += ": unsalted " + legacy.algorithm() + ", accepted to migrate only";
            t.note(Note.Kind.WARNING, "password", t.label("password") + ": user " + name + "'s password is an unsalted "
                    + legacy.algorithm() + " digest, carried as it is; the gateway accepts it to migrate only and warns at "
                    + "every start (anyone who reads gateway.yaml can test billions of guesses a second): replace it "
                    + "with a hash from `outpost hash-password` (Argon2id)");
        }
        YamlNode.Mapping user = new YamlNode.Mapping().put("name", name, comment).put("password", hash.encoded());
        if (scopes != null && !scopes.isEmpty()) {
            user.put("scopes", scopes);
        }
        return user;
    }
}
