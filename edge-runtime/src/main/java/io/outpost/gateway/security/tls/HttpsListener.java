package io.outpost.gateway.security.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.outpost.common.yaml.ConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code listeners.https}: the HTTPS listener, from a provisioned PEM certificate chain and key.
 * TLS 1.2 and 1.3 only. When client CAs are configured the handshake asks for a client certificate
 * but does not insist: each API decides ({@code x-wso2-mutual-ssl}), in {@link MutualTlsStage}.
 *
 * @param context     the server TLS context, built when the configuration is read so that every
 *                    problem (a key that is not the certificate's, an unknown cipher) is a
 *                    configuration error at its line
 * @param clientTrust the handshake's side of client certificates, or null when no client CA is
 *                    configured (then no client certificate is asked for)
 */
public record HttpsListener(String host, int port, Path certificate, Path key, List<String> protocols, List<String> ciphers,
                            SslContext context, ClientTrust clientTrust) {

    public static final int DEFAULT_PORT = 9095;
    static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The same listener on another port (the {@code --https-port} option). */
    public HttpsListener withPort(int newPort) {
        return new HttpsListener(host, newPort, certificate, key, protocols, ciphers, context, clientTrust);
    }

    /** Names {@code clientCas} in the certificate requests of the handshakes from now on (a generation's CAs). */
    void advertiseClientCas(List<X509Certificate> clientCas) {
        if (clientTrust != null) {
            clientTrust.advertise(clientCas);
        }
    }

    /** @param node the {@code https} mapping, or null (then there is no HTTPS listener) */
    static HttpsListener read(ConfigReader r, String at, JsonNode node, MutualTls mutual) {
        if (node == null) {
            return null;
        }
        r.known(at, node, Set.of("host", "port", "certificate", "key", "protocols", "ciphers"));
        String host = r.host(at, node, "host", "0.0.0.0");
        int port = (int) r.number(at, node, "port", 0, 65535, DEFAULT_PORT);
        Path certFile = r.path(at, node, "certificate", null, true);
        Path keyFile = r.path(at, node, "key", null, true);
        if (certFile == null || keyFile == null) {
            r.problem(at, "an HTTPS listener needs certificate (PEM chain, leaf first) and key (PEM PKCS#8 private key); "
                    + "remove listeners.https to serve plain HTTP only");
        }
        List<String> protocols = protocols(r, at, node);
        List<String> ciphers = ciphers(r, at, node, protocols);
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        try {
            chain = certFile == null ? null : PemFiles.certificates(certFile);
        } catch (IOException e) {
            r.problem(at + "/certificate", e.getMessage());
        }
        try {
            key = keyFile == null ? null : PemFiles.privateKey(keyFile);
        } catch (IOException e) {
            r.problem(at + "/key", e.getMessage());
        }
        if (chain == null || key == null) {
            return null;
        }
        if (!PemFiles.keyMatches(key, chain.get(0))) {
            r.problem(at + "/key", keyFile + " is not the private key of " + certFile + " (" + chain.get(0).getSubjectX500Principal()
                    + "): set key to the file made with that certificate's request, or certificate to the one issued for this key");
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK)
                    .protocols(protocols).ciphers(ciphers);
            ClientTrust trust = null;
            if (!mutual.clientCas().isEmpty()) {
                trust = new ClientTrust(mutual.clientCas());
                builder.clientAuth(ClientAuth.OPTIONAL).trustManager(trust);
            }
            return new HttpsListener(host, port, certFile, keyFile, protocols, ciphers, builder.build(), trust);
        } catch (IOException | RuntimeException e) {
            r.problem(at, "cannot make a TLS server context from " + certFile + " and " + keyFile + ": " + e.getMessage());
            return null;
        }
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
