package io.outpost.toolkit.migrate;

/**
 * {@code [authConfig]} and {@code [jwtConfig]}: what reaches the backend. The credential is taken
 * out unless removeAuthHeaderFromOutMessage was false; the verified JWT goes in jwtConfig's header.
 */
final class AuthMigration {
    private AuthMigration() {}

    static void migrate(Migration m) {
        Table auth = m.section("authConfig");
        m.sweep(auth);
        if (auth != null) {
            Boolean remove = auth.bool("removeAuthHeaderFromOutMessage");
            if (remove != null) {
                m.security().put("removeCredential", remove, "[authConfig] removeAuthHeaderFromOutMessage (header and query parameter alike)");
            }
            String header = auth.text("authorizationHeader");
            if (header != null && !header.equalsIgnoreCase("Authorization")) {
                auth.note(Note.Kind.SKIPPED, "authorizationHeader", "[authConfig] authorizationHeader " + header
                        + ": configured per API in Outpost: x-wso2-auth-header: " + header + " in each API definition");
            }
        }
        Table jwt = m.section("jwtConfig");
        m.sweep(jwt);
        if (jwt != null) {
            String header = jwt.text("header");
            if (header != null) {
                m.security().put("forwardJwtHeader", header, "[jwtConfig] header: the verified JWT, as the client sent it");
            }
        }
    }
}
