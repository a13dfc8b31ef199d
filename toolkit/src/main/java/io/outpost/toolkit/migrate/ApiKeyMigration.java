package io.outpost.toolkit.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code [apikey.tokenConfigs]} to {@code security.apiKeys.issuers}. {@code [apikey.issuer]} made
 * the gateway issue keys at /apikey; Outpost issues them offline, so it becomes the commands that do,
 * with the signing key exported from the keystore.
 */
final class ApiKeyMigration {
    private ApiKeyMigration() {}

    static void migrate(Migration m) {
        Table apikey = m.section("apikey");
        if (apikey == null) {
            return;
        }
        m.sweep(apikey);
        YamlNode.Sequence issuers = new YamlNode.Sequence();
        for (Table t : apikey.tables("tokenConfigs")) {
            YamlNode.Mapping issuer = IssuerMigration.migrate(m, t, true);
            if (issuer != null) {
                issuers.add(issuer, null);
            }
        }
        if (!issuers.items().isEmpty()) {
            m.security().child("apiKeys", "[apikey.tokenConfigs]: JWT API keys, from the header or query parameter "
                    + "each API's apiKey scheme names").put("issuers", issuers);
        }
        Table issuing = apikey.table("issuer");
        if (issuing != null) {
            m.sweep(issuing);
            issuing(m, issuing);
        }
    }

    private static void issuing(Migration m, Table issuing) {
        Table config = issuing.table("tokenConfig");
        List<Table> apis = issuing.tables("api");
        if (config == null) {
            return;
        }
        m.sweep(config);
        if (!Boolean.TRUE.equals(config.bool("enabled"))) {
            config.ignore("keyStorePath", "keyStorePassword", "issuer", "audience", "certificateAlias", "validityTime");
            return;
        }
        String store = config.text("keyStorePath");
        String alias = config.text("certificateAlias");
        String iss = config.text("issuer");
        String audience = config.text("audience");
        Long validity = config.integer("validityTime", 1, Long.MAX_VALUE / 1000);
        config.ignore("keyStorePassword");
        m.exports.aliasKey(config, "certificateAlias", alias != null ? alias : "ballerina",
                store != null ? store : Exports.DEFAULT_KEYSTORE, "apikey-signing-key.pem");
        // WSO2's /apikey put every [[apikey.issuer.api]] in the allowedAPIs of each key it issued: one --api list.
        List<String> apiList = new ArrayList<>();
        for (Table api : apis) {
            m.sweep(api);
            String name = api.text("name");
            List<String> versions = api.list("versions", "[,\\s]+");
            for (String version : versions == null ? List.of("VERSION") : versions) {
                apiList.add((name == null ? "NAME" : name) + ":" + version);
            }
        }
        String command = "outpost apikey issue --api " + Shell.word(apiList.isEmpty() ? "NAME:VERSION" : String.join(",", apiList))
                + " --key " + m.exports.target("apikey-signing-key.pem")
                + " --issuer " + Shell.word(iss != null ? iss : "ISSUER")
                + (audience == null ? "" : " --audience " + Shell.word(audience))
                + " --validity " + (validity == null ? "DURATION" : validity + "s");
        config.note(Note.Kind.SKIPPED, "enabled", "[apikey.issuer.tokenConfig] enabled: the gateway serves no /apikey "
                + "endpoint; issue API keys offline, signed by the same key: " + command);
    }
}
