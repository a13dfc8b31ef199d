package io.outpost.toolkit.migrate;

import java.util.Map;

/**
 * {@code [listenerConfig]} to {@code listeners.http} and {@code listeners.https}. WSO2 always served
 * HTTPS (9095 and Ballerina's keystore unless told otherwise), so the HTTPS listener is always
 * written, with its certificate and key exported from the keystore to PEM.
 */
final class ListenerMigration {
    /** listenerConfig keys that gateway.yaml has under {@code limits}. */
    private static final Map<String, String> LIMITS = Map.of(
            "maxPipelinedRequests", "limits.maxPipelinedRequests",
            "maxUriLength", "limits.maxInitialLineLength (the whole request line)",
            "maxHeaderSize", "limits.maxHeaderSize",
            "maxEntityBodySize", "limits.maxRequestBodyBytes",
            "keepAlive", "limits.idleTimeoutSeconds (connections are always kept alive)");

    private ListenerMigration() {}

    static void migrate(Migration m) {
        Table lc = m.section("listenerConfig");
        m.sweep(lc);
        Table at = lc != null ? lc : m.conf.root();
        String host = lc == null ? null : lc.text("host");
        Long httpPort = lc == null ? null : lc.integer("httpPort", 0, 65535);
        YamlNode.Mapping listeners = m.listeners();
        if (host != null || httpPort != null) {
            YamlNode.Mapping http = listeners.child("http");
            if (host != null) {
                http.put("host", host, "[listenerConfig] host");
            }
            if (httpPort != null) {
                http.put("port", httpPort, "[listenerConfig] httpPort");
            }
        }
        YamlNode.Mapping https = listeners.child("https", lc == null ? "WSO2 served HTTPS on 9095 with Ballerina's keystore when [listenerConfig] said nothing" : null);
        if (host != null) {
            https.put("host", host, "[listenerConfig] host");
        }
        Long httpsPort = lc == null ? null : lc.integer("httpsPort", 0, 65535);
        https.put("port", httpsPort != null ? httpsPort : 9095L,
                httpsPort != null ? "[listenerConfig] httpsPort" : "WSO2's default httpsPort");
        String keyStore = lc == null ? null : lc.text("keyStorePath");
        String store = keyStore != null ? keyStore : Exports.DEFAULT_KEYSTORE;
        https.put("certificate", m.exports.keyEntryCertificate(at, "keyStorePath", store, "listener-cert.pem"),
                "exported to PEM from " + (keyStore != null ? "[listenerConfig] keyStorePath" : "WSO2's default keystore")
                        + " (see the export notes)");
        https.put("key", m.exports.keyEntryKey(at, "keyStorePath", store, "listener-key.pem"));
        if (store.endsWith("ballerinaKeystore.p12")) {
            at.note(Note.Kind.WARNING, "keyStorePath", "the HTTPS key would be the one in Ballerina's default keystore, which "
                    + "every Microgateway ships: anyone can impersonate this gateway with it. Make a key of your own: "
                    + "(umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -subj /CN=HOSTNAME "
                    + "-keyout " + m.exports.target("listener-key.pem") + " -out " + m.exports.target("listener-cert.pem") + ")");
        }
        if (lc == null) {
            return;
        }
        // The passwords unlock the stores the export commands read; keytool and openssl ask for them.
        lc.ignore("keyStorePassword", "trustStorePath", "trustStorePassword");
        if (lc.has("tokenListenerPort")) {
            lc.ignore("tokenListenerPort");
            lc.note(Note.Kind.SKIPPED, "tokenListenerPort", "[listenerConfig] tokenListenerPort: the gateway serves no token "
                    + "endpoint (WSO2 relayed /token, /revoke and /authorize to the key manager there): clients get tokens "
                    + "from the key manager itself, and API keys come from `outpost apikey issue`");
        }
        for (var limit : LIMITS.entrySet()) {
            if (lc.has(limit.getKey())) {
                lc.ignore(limit.getKey());
                lc.note(Note.Kind.SKIPPED, limit.getKey(), lc.label(limit.getKey()) + ": configured elsewhere: "
                        + limit.getValue() + " in gateway.yaml (docs/gateway.md)");
            }
        }
    }
}
