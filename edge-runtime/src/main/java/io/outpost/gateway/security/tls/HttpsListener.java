package io.outpost.gateway.security.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.ssl.SslContext;
import io.outpost.common.yaml.ConfigReader;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code listeners.https}: the HTTPS listener, from a provisioned PEM certificate chain and key.
 * TLS 1.2 and 1.3 only. When client CAs are trusted (gateway.yaml's or a {@code keys} bundle's) the
 * handshake asks for a client certificate but does not insist: each API decides ({@code
 * x-wso2-mutual-ssl}), in {@link MutualTlsStage}.
 *
 * @param tls the server TLS context in force, first built when the configuration is read (so that
 *            every problem, a key that is not the certificate's or an unknown cipher, is a
 *            configuration error at its line), then reloaded by each generation and when the files
 *            change; shared by every copy of this listener
 */
public record HttpsListener(String host, int port, Path certificate, Path key, List<String> protocols, List<String> ciphers,
                            ServerTls tls) {

    public static final int DEFAULT_PORT = 9095;
    static final int DEFAULT_EXPIRY_WARNING_DAYS = 30;
    static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The same listener on another port (the {@code --https-port} option). */
    public HttpsListener withPort(int newPort) {
        return new HttpsListener(host, newPort, certificate, key, protocols, ciphers, tls);
    }

    /** The context a new connection's handshake runs with. */
    public SslContext context() {
        return tls.context();
    }

    /** @param node the {@code https} mapping, or null (then there is no HTTPS listener) */
    static HttpsListener read(ConfigReader r, String at, JsonNode node, MutualTls mutual) {
        if (node == null) {
            return null;
        }
        r.known(at, node, Set.of("host", "port", "certificate", "key", "protocols", "ciphers", "expiryWarningDays"));
        String host = r.host(at, node, "host", "0.0.0.0");
        int port = (int) r.number(at, node, "port", 0, 65535, DEFAULT_PORT);
        Path certFile = r.path(at, node, "certificate", null, true);
        Path keyFile = r.path(at, node, "key", null, true);
        if (certFile == null || keyFile == null) {
            r.problem(at, "an HTTPS listener needs certificate (PEM chain, leaf first) and key (PEM PKCS#8 private key); "
                    + "remove listeners.https to serve plain HTTP only");
        }
        List<String> protocols = protocols(r, at, node);
        // how long before its end a served certificate or client CA is reported (/health, /ready, metrics)
        long warningDays = r.number(at, node, "expiryWarningDays", 0, 3650, DEFAULT_EXPIRY_WARNING_DAYS);
        List<String> ciphers = ciphers(r, at, node, protocols);
        if (certFile == null || keyFile == null) {
            return null;
        }
        ServerTls tls = ServerTls.open(certFile, keyFile, protocols, ciphers, mutual.clientCas(), Duration.ofDays(warningDays),
                (setting, message) -> r.problem(setting.isEmpty() ? at : at + "/" + setting, message));
        return tls == null ? null : new HttpsListener(host, port, certFile, keyFile, protocols, ciphers, tls);
    }

    private static List<String> protocols(ConfigReader r, String at, JsonNode node) {
        List<String> listed = TlsSettings.strings(r, at, node, "protocols");
        if (listed == null) {
            return ALLOWED_PROTOCOLS;
        }
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String p = listed.get(i);
            if (ALLOWED_PROTOCOLS.contains(p)) {
                protocols.add(p);
            } else {
                r.problem(at + "/protocols/" + i, "'" + p + "' is not allowed: only TLSv1.3 and TLSv1.2 (TLS 1.0 and 1.1 are "
                        + "deprecated, RFC 8996); e.g. protocols: [TLSv1.3, TLSv1.2]");
            }
        }
        if (listed.isEmpty()) {
            r.problem(at + "/protocols", "must name at least one of TLSv1.3, TLSv1.2 (or be left out for both)");
        }
        return protocols.isEmpty() ? ALLOWED_PROTOCOLS : List.copyOf(protocols);
    }

    /** The configured cipher suites, each one the JDK has, and at least one for each enabled protocol; null = the defaults. */
    private static List<String> ciphers(ConfigReader r, String at, JsonNode node, List<String> protocols) {
        List<String> listed = TlsSettings.strings(r, at, node, "ciphers");
        if (listed == null) {
            return null;
        }
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
        boolean tls13 = false;
        boolean tls12 = false;
        for (int i = 0; i < listed.size(); i++) {
            String suite = listed.get(i);
            if (!supported.contains(suite)) {
                r.problem(at + "/ciphers/" + i, "unknown cipher suite '" + suite + "' (IANA names, e.g. TLS_AES_128_GCM_SHA256, "
                        + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256); leave ciphers out for the JDK's defaults");
            } else if (isTls13Suite(suite)) {
                tls13 = true;
            } else {
                tls12 = true;
            }
        }
        if (protocols.contains("TLSv1.3") && !tls13) {
            r.problem(at + "/ciphers", "TLSv1.3 is enabled but no TLS 1.3 suite is listed: add TLS_AES_128_GCM_SHA256 "
                    + "(or TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256), or remove TLSv1.3 from protocols");
        }
        if (protocols.contains("TLSv1.2") && !tls12) {
            r.problem(at + "/ciphers", "TLSv1.2 is enabled but no TLS 1.2 suite is listed: add e.g. "
                    + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or remove TLSv1.2");
        }
        return List.copyOf(listed);
    }

    /** TLS 1.3 suites name no key exchange (RFC 8446, B.4). */
    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }
}
