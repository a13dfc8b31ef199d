package io.outpost.toolkit.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code [mutualSSLConfig]}: its protocols and ciphers were the HTTPS listener's, so they go to
 * {@code listeners.https}; its client verification becomes {@code security.mutualTls}, whose client
 * CAs are the truststore's certificates, as WSO2 trusted them.
 */
final class MutualTlsMigration {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private MutualTlsMigration() {}

    static void migrate(Migration m) {
        Table ssl = m.section("mutualSSLConfig");
        if (ssl == null) {
            return;
        }
        m.sweep(ssl);
        YamlNode.Mapping https = m.listeners().child("https");
        String protocolName = ssl.text("protocolName");
        if (protocolName != null && !protocolName.equalsIgnoreCase("TLS")) {
            ssl.note(Note.Kind.WARNING, "protocolName", "[mutualSSLConfig] protocolName " + protocolName
                    + ": the HTTPS listener speaks TLS only");
        }
        List<String> versions = ssl.list("protocolVersions", "[,\\s]+");
        if (versions != null) {
            protocols(ssl, versions, https);
        }
        List<String> ciphers = ssl.list("ciphers", "[,\\s]+");
        if (ciphers != null) {
            List<String> kept = CipherSuites.keep(ssl, ciphers);
            if (!kept.isEmpty()) {
                https.put("ciphers", kept, "[mutualSSLConfig] ciphers, less those Java 17's TLS does not enable (see the notes)");
            }
        }
        clientVerification(m, ssl);
    }

    private static void protocols(Table ssl, List<String> versions, YamlNode.Mapping https) {
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String v : versions) {
            String canonical = canonical(v);
            if (PROTOCOLS.contains(canonical)) {
                if (!kept.contains(canonical)) {
                    kept.add(canonical);
                }
            } else {
                dropped.add(v);
            }
        }
        if (!dropped.isEmpty()) {
            ssl.note(Note.Kind.WARNING, "protocolVersions", "[mutualSSLConfig] protocolVersions: dropped " + String.join(", ", dropped)
                    + ": the HTTPS listener speaks TLS 1.2 and 1.3 only (TLS 1.0 and 1.1 are deprecated by RFC 8996); "
                    + "clients that speak nothing newer can no longer connect");
        }
        if (kept.isEmpty()) {
            ssl.note(Note.Kind.WARNING, "protocolVersions", "[mutualSSLConfig] protocolVersions: nothing left; the listener's "
                    + "default (TLS 1.2 and 1.3) applies");
            return;
        }
        https.put("protocols", kept, "[mutualSSLConfig] protocolVersions" + (dropped.isEmpty() ? "" : ", less " + String.join(", ", dropped)));
    }

    /** TLSv1.2 however WSO2 users wrote it (tlsv1.2, TLSV1.2). */
    private static String canonical(String version) {
        String v = version.toUpperCase(Locale.ROOT);
        return v.startsWith("TLSV") ? "TLSv" + v.substring(4) : version;
    }

    private static void clientVerification(Migration m, Table ssl) {
        String verify = ssl.text("sslVerifyClient");
        String header = ssl.text("certificateHeaderName");
        Boolean validate = ssl.bool("isClientCertificateValidationEnabled");
        String v = verify == null ? "" : verify.toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !Set.of("require", "optional", "none", "disable").contains(v)) {
            ssl.problem("sslVerifyClient", "must be require, optional or none (got " + verify + ")");
            return;
        }
        boolean verifies = v.equals("require") || v.equals("optional");
        if (!verifies && header == null) {
            return; // WSO2 asked for no client certificate: nothing for security.mutualTls to say
        }
        YamlNode.Mapping mtls = m.security().child("mutualTls",
                "[mutualSSLConfig]: each API's x-wso2-mutual-ssl (mandatory | optional) decides whether it needs a client certificate");
        if (v.equals("require")) {
            ssl.note(Note.Kind.WARNING, "sslVerifyClient", "[mutualSSLConfig] sslVerifyClient require: WSO2 refused every "
                    + "handshake without a client certificate; Outpost asks for one and lets each API decide: "
                    + "set x-wso2-mutual-ssl: mandatory on every API that must have one");
        } else if (v.equals("optional")) {
            ssl.note(Note.Kind.NOTE, "sslVerifyClient", "[mutualSSLConfig] sslVerifyClient optional: carried as "
                    + "security.mutualTls; whether an API needs the certificate is its x-wso2-mutual-ssl's to say, as in WSO2");
        }
        mtls.put("clientCas", List.of(m.exports.allCertificates(ssl, "sslVerifyClient", m.truststore(), "client-cas.pem")),
                "the truststore's certificates (WSO2 checked client certificates against it)");
        if (header != null) {
            mtls.put("clientCertificateHeader", header, "[mutualSSLConfig] certificateHeaderName");
            ssl.note(Note.Kind.WARNING, "certificateHeaderName", "[mutualSSLConfig] certificateHeaderName: the gateway believes "
                    + "this header only from the addresses in trustedProxies (gateway.yaml); list the proxy that terminates TLS there");
        }
        if (Boolean.FALSE.equals(validate)) {
            ssl.note(Note.Kind.WARNING, "isClientCertificateValidationEnabled", "[mutualSSLConfig] "
                    + "isClientCertificateValidationEnabled false: not carried over; the gateway always checks a client "
                    + "certificate against clientCas, from the handshake or from the header alike");
        }
        Table api = ssl.table("api");
        if (api != null) {
            ssl.note(Note.Kind.SKIPPED, "api", "[mutualSSLConfig.api] per-API certificate aliases: give each API its allowed "
                    + "fingerprints instead (security.mutualTls.allowedFingerprints, docs/security.md); "
                    + "a certificate's fingerprint: keytool -exportcert -alias ALIAS -keystore TRUSTSTORE | openssl x509 -inform DER -noout -fingerprint -sha256");
        }
    }
}
