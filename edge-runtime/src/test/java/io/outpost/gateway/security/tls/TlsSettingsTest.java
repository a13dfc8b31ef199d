package io.outpost.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * listeners.https and security.mutualTls as gateway.yaml gives them: what loads, and each refusal
 * naming the file, the line and the fix (unreadable key, a key that is not the certificate's, a
 * protocol below TLS 1.2, a CRL from a foreign CA, a malformed fingerprint).
 */
class TlsSettingsTest {
    @TempDir
    Path dir;
    private TestCa serverCa;
    private TestCa.Issued server;
    private TestCa.Issued other;
    private TestCa clientCa;

    @BeforeEach
    void pki() throws Exception {
        serverCa = TestCa.create(dir.resolve("server-ca"));
        server = serverCa.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        other = serverCa.issue("other", Set.of(TestCa.Usage.SERVER), "localhost");
        clientCa = TestCa.create(dir.resolve("client-ca"));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private List<String> problems(String yaml) throws Exception {
        Path file = write(yaml);
        return assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(file)).problems();
    }

    private String https(String extra) {
        return """
                listeners:
                  https:
                    port: 0
                    certificate: %s
                    key: %s
                """.formatted(server.certPem(), server.keyPem()) + extra;
    }

    @Test
    void noHttpsListenerUnlessConfigured() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write("listeners:\n  http: {port: 0}\n"));
        assertNull(config.tls().https());
        assertEquals(MutualTls.NONE, config.tls().mutualTls());
        assertThrows(IllegalArgumentException.class, () -> config.tls().withHttpsPort(0));
    }

    @Test
    void aListenerLoadsWithTls13And12ByDefaultAndOptionalClientAuthWhenClientCasAreSet() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write(https("""
                security:
                  mutualTls:
                    clientCas: [%s]
                    crls: [%s]
                    clientCertificateHeader: X-Client-Cert
                    allowedFingerprints:
                      "Petstore:1.0.5": ["AB:%s"]
                """.formatted(clientCa.caPem(), clientCa.crl("clients"), "cd".repeat(31)))));
        HttpsListener https = config.tls().https();
        assertNotNull(https.context());
        assertEquals(HttpsListener.DEFAULT_PORT, 9095);
        assertEquals(0, https.port());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), https.protocols());
        assertEquals(7000, config.tls().withHttpsPort(7000).https().port());
        MutualTls mutual = config.tls().mutualTls();
        assertEquals(1, mutual.clientCas().size());
        assertEquals(1, mutual.crls().size());
        assertEquals("X-Client-Cert", mutual.clientCertificateHeader());
        assertEquals(Set.of("ab" + "cd".repeat(31)), mutual.allowedFingerprints().get("Petstore:1.0.5"));
    }

    @Test
    void tls11IsNotAllowedAtItsLine() throws Exception {
        List<String> problems = problems(https("    protocols: [TLSv1.2, TLSv1.1]\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).matches(".*gateway\\.yaml:6:\\d+: listeners\\.https\\.protocols\\[1\\]: 'TLSv1\\.1' is not allowed: "
                + "only TLSv1\\.3 and TLSv1\\.2.*"), problems.get(0));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedWithTheFix() throws Exception {
        Path yaml = write("""
                listeners:
                  https:
                    certificate: %s
                    key: %s
                """.formatted(server.certPem(), other.keyPem()));
        List<String> problems = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(yaml)).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(yaml + ":4:"), problems.get(0));
        assertTrue(problems.get(0).contains("listeners.https.key: " + other.keyPem() + " is not the private key of " + server.certPem()),
                problems.get(0));
    }

    @Test
    void anUnreadableKeyNamesTheFileAndWhatItHolds() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.key.pem"), "not a key\n");
        List<String> problems = problems("""
                listeners:
                  https:
                    certificate: %s
                    key: %s
                """.formatted(server.certPem(), server.certPem()));
        assertTrue(problems.get(0).contains("listeners.https.key: " + server.certPem() + " holds no private key"), problems.toString());
        problems = problems("""
                listeners:
                  https:
                    certificate: %s
                    key: %s
                """.formatted(server.certPem(), garbage));
        assertTrue(problems.get(0).contains("listeners.https.key: " + garbage), problems.toString());
        problems = problems("""
                listeners:
                  https:
                    certificate: %s
                """.formatted(server.certPem()));
        assertTrue(problems.get(0).contains("listeners.https: an HTTPS listener needs certificate"), problems.toString());
    }

    @Test
    void unknownCiphersAndCiphersLeavingAProtocolWithoutSuitesAreRefused() throws Exception {
        List<String> problems = problems(https("    ciphers: [TLS_NOT_A_SUITE, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("listeners.https.ciphers[0]: unknown cipher suite 'TLS_NOT_A_SUITE'"), problems.toString());
        assertTrue(problems.get(1).contains("TLSv1.3 is enabled but no TLS 1.3 suite is listed"), problems.toString());
        GatewayConfig ok = GatewayConfigLoader.load(write(https("    protocols: [TLSv1.3]\n    ciphers: [TLS_AES_256_GCM_SHA384]\n")));
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), ok.tls().https().ciphers());
    }

    @Test
    void aCrlFromAnotherCaAndMalformedFingerprintsAreRefused() throws Exception {
        List<String> problems = problems("""
                security:
                  mutualTls:
                    clientCas: [%s]
                    crls: [%s]
                    allowedFingerprints:
                      Petstore: [abcd]
                      "Petstore:1.0.5": [abcd]
                """.formatted(clientCa.caPem(), serverCa.crl("foreign")));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(":4:") && problems.get(0).contains("security.mutualTls.crls[0]: ")
                && problems.get(0).contains("none of mutualTls.clientCas"), problems.get(0));
        assertTrue(problems.get(1).contains("must name an API as \"Name:Version\""), problems.get(1));
        assertTrue(problems.get(2).contains("is not a SHA-256 fingerprint"), problems.get(2));
    }

    @Test
    void aHeaderWithoutClientCasIsRefused() throws Exception {
        List<String> problems = problems("""
                security:
                  mutualTls:
                    clientCertificateHeader: X-Client-Cert
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("security.mutualTls: clientCertificateHeader, crls and allowedFingerprints need clientCas"),
                problems.get(0));
    }
}
