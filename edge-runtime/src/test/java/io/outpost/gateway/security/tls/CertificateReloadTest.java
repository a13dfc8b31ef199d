package io.outpost.gateway.security.tls;

import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.gateway.GatewayFixture;
import io.outpost.gateway.updates.Bundles;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.Emulation;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS listener's TLS context follows the files and the generation in force, against a real
 * gateway process with certificates made at test time: a renewed certificate put in place of the
 * files reaches the next handshakes within the poll while a connection opened before keeps its
 * session; a replacement whose key is not the certificate's is refused, reported on /health and
 * stderr, and the certificate in force stays; client CAs that only a keys bundle brings make the
 * handshake ask for client certificates, so a mandatory mutual-TLS API accepts one of that CA.
 */
class CertificateReloadTest {
    /** The gateway's poll interval, plus one check and one context build on a busy machine. */
    private static final Duration WITHIN_POLL = Emulation.scale(Duration.ofMillis(2_000 + 1_500));

    @Test
    void aRenewedCertificateReachesNewHandshakesWhileAnOpenConnectionKeepsItsSession(@TempDir Path dir) throws Exception {
        TestCa serverCa = TestCa.create(dir.resolve("server-ca"));
        TestCa.Issued first = serverCa.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        Path certFile = Files.createDirectories(dir.resolve("tls")).resolve("gateway.pem");
        Path keyFile = dir.resolve("tls/gateway.key.pem");
        replace(first.certPem(), certFile);
        replace(first.keyPem(), keyFile);
        try (EchoBackend backend = new EchoBackend("echo")) {
            GatewayFixture fixture = new GatewayFixture(dir, List.of(api("Open", "/open", backend.url("/"), true, null, null)));
            Files.writeString(fixture.config, config(certFile, keyFile, ""));
            try (GatewayFixture.Running gw = fixture.start()) {
                int port = httpsPort(gw);
                try (Client kept = Client.connect(port, serverCa, null)) {
                    assertEquals(first.certificate().getSerialNumber(), kept.serverSerial());
                    assertEquals(200, kept.get("/open/get"));

                    TestCa.Issued renewed = serverCa.issue("gateway-renewed", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
                    replace(renewed.keyPem(), keyFile);
                    replace(renewed.certPem(), certFile);
                    long replaced = System.nanoTime();
                    await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(50))
                            .until(() -> handshakeSerial(port, serverCa).equals(renewed.certificate().getSerialNumber()));
                    System.out.printf("renewed certificate served %d ms after the files were replaced%n",
                            (System.nanoTime() - replaced) / 1_000_000);
                    assertEquals(200, kept.get("/open/get"), "the connection opened before the reload goes on");
                    assertEquals(first.certificate().getSerialNumber(), kept.serverSerial(), "with its own session");
                    JsonNode tls = health(gw).get("tls");
                    assertEquals(renewed.certificate().getSerialNumber().toString(16), tls.path("certificate").path("serial").asText(),
                            tls.toString());
                    assertTrue(tls.path("reloadProblem").isMissingNode(), "no problem, none shown: " + tls);

                    // A certificate without its key: refused, reported, and the renewed one stays.
                    TestCa.Issued next = serverCa.issue("gateway-next", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
                    replace(next.certPem(), certFile);
                    await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(50))
                            .until(() -> health(gw).get("tls").path("reloadProblem").asText("").contains("is not the private key of"));
                    tls = health(gw).get("tls");
                    assertTrue(tls.path("reloadProblem").asText().startsWith("listeners.https.key: " + keyFile), tls.toString());
                    assertEquals(renewed.certificate().getSerialNumber().toString(16), tls.path("certificate").path("serial").asText());
                    assertEquals(renewed.certificate().getSerialNumber(), handshakeSerial(port, serverCa));
                    assertTrue(gw.process().output().lines().anyMatch(l -> l.contains("HTTPS certificate reload")
                            && l.contains("failed, still serving CN=gateway-renewed") && l.contains("is not the private key of")),
                            gw.process().output());
                    assertEquals(200, kept.get("/open/get"));

                    // Its key arrives: the next poll serves it and the problem is gone.
                    replace(next.keyPem(), keyFile);
                    await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(50))
                            .until(() -> handshakeSerial(port, serverCa).equals(next.certificate().getSerialNumber()));
                    assertTrue(health(gw).get("tls").path("reloadProblem").isMissingNode(), health(gw).toString());
                    assertEquals(200, kept.get("/open/get"));
                }
                gw.stopAndCheckLeaks();
            }
        }
    }

    @Test
    void clientCasOnlyABundleBringsMakeTheHandshakeAskForAClientCertificate(@TempDir Path dir) throws Exception {
        TestCa serverCa = TestCa.create(dir.resolve("server-ca"));
        TestCa.Issued server = serverCa.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        TestCa clientCa = TestCa.create(dir.resolve("client-ca"));
        TestCa.Issued alice = clientCa.issue("alice", Set.of(TestCa.Usage.CLIENT));
        TestCa.Issued stranger = TestCa.create(dir.resolve("strangers")).issue("stranger", Set.of(TestCa.Usage.CLIENT));
        try (EchoBackend backend = new EchoBackend("echo")) {
            GatewayFixture fixture = new GatewayFixture(dir, List.of(api("Mandatory", "/mandatory", backend.url("/"), null, "mandatory",
                    new ApplicationSecurity(List.of("oauth2"), true))));
            Bundles bundles = new Bundles(dir.resolve("state"));
            Files.writeString(dir.resolve("update.pub.jwk"), bundles.publicJwk());
            // no security.mutualTls at all
            Files.writeString(fixture.config, config(server.certPem(), server.keyPem(), "  updateKey: update.pub.jwk\n"));
            try (GatewayFixture.Running gw = fixture.start()) {
                int port = httpsPort(gw);
                Client.Answer refused = Client.once(port, serverCa, alice, "/mandatory/get");
                assertEquals(401, refused.status(), refused.raw());
                assertTrue(refused.raw().contains("900901"), refused.raw());
                assertEquals("ClientCertificate realm=\"outpost\"", refused.header("www-authenticate"), refused.raw());
                assertNull(refused.askedFor(), "no client CA trusted: no certificate asked for");

                bundles.install("keys", 1, "{'clientCas': ['" + Files.readString(clientCa.caPem()).replace("\n", "\\n") + "']}");
                long installed = System.nanoTime();
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(50))
                        .until(() -> Client.once(port, serverCa, alice, "/mandatory/get").status() == 200);
                System.out.printf("a bundle's client CA accepted %d ms after install%n", (System.nanoTime() - installed) / 1_000_000);
                Client.Answer accepted = Client.once(port, serverCa, alice, "/mandatory/get");
                assertEquals(List.of(clientCa.certificate().getSubjectX500Principal()), accepted.askedFor(),
                        "the certificate request names the bundle's CA");
                Client.Answer strangers = Client.once(port, serverCa, stranger, "/mandatory/get");
                assertEquals(401, strangers.status(), strangers.raw());
                assertEquals(1, health(gw).get("tls").path("clientCas").asInt(), health(gw).toString());
                gw.stopAndCheckLeaks();
            }
            // After a restart the first generation already asks, from the applied bundle.
            try (GatewayFixture.Running gw = fixture.start()) {
                assertEquals(200, Client.once(httpsPort(gw), serverCa, alice, "/mandatory/get").status());
                gw.stopAndCheckLeaks();
            }
        }
    }

    private static String config(Path certFile, Path keyFile, String trustExtra) {
        return """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                  https: {host: 127.0.0.1, port: 0, certificate: %s, key: %s}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                %slimits:
                  backendResponseTimeoutMillis: 5000
                  idleTimeoutSeconds: 120
                """.formatted(certFile, keyFile, trustExtra);
    }

    private static ApiDefinition api(String name, String basePath, String backendUrl, Boolean disableSecurity, String mutualSsl,
                                     ApplicationSecurity applicationSecurity) {
        return new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", endpoint(backendUrl), null, null, null, disableSecurity,
                null, null, null, mutualSsl, applicationSecurity, null, null, null, null, List.of(resource("GET", "/get")));
    }

    private static int httpsPort(GatewayFixture.Running gw) {
        return Integer.parseInt(gw.process().awaitLine(" https=127\\.0\\.0\\.1:(\\d+) ", Duration.ofSeconds(5)).group(1));
    }

    private static JsonNode health(GatewayFixture.Running gw) throws IOException {
        return Json.mapper().readTree(RawHttp.get(gw.adminPort(), "/health").body());
    }

    /** Puts {@code source}'s bytes at {@code target} in one step, as a provisioning tool renames a file it wrote. */
    private static void replace(Path source, Path target) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The serial of the certificate a new handshake gets. */
    private static BigInteger handshakeSerial(int port, TestCa serverCa) throws Exception {
        try (Client c = Client.connect(port, serverCa, null)) {
            return c.serverSerial();
        }
    }

    /** A TLS 1.3 client connection kept open across requests (keep-alive). */
    private static final class Client implements AutoCloseable {
        /** @param askedFor the CAs the server's certificate request named, or null when it asked for no certificate */
        record Answer(int status, String raw, List<Principal> askedFor) {
            String header(String name) {
                return raw.lines().takeWhile(l -> !l.isEmpty()).filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                        .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(null);
            }
        }

        private final SSLSocket socket;
        private final AtomicReference<List<Principal>> askedFor;

        private Client(SSLSocket socket, AtomicReference<List<Principal>> askedFor) {
            this.socket = socket;
            this.askedFor = askedFor;
        }

        static Client connect(int port, TestCa serverCa, TestCa.Issued client) throws Exception {
            AtomicReference<List<Principal>> asked = new AtomicReference<>();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client == null ? null : new KeyManager[] {presenting(client, asked)}, serverCa.trustManagers().getTrustManagers(),
                    new SecureRandom());
            SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            return new Client(socket, asked);
        }

        static Answer once(int port, TestCa serverCa, TestCa.Issued client, String target) throws Exception {
            try (Client c = connect(port, serverCa, client)) {
                return c.exchange(target);
            }
        }

        BigInteger serverSerial() throws Exception {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }

        int get(String target) throws IOException {
            return exchange(target).status();
        }

        /** One GET on this connection, read to the end of its body (Content-Length), the connection left open. */
        Answer exchange(String target) throws IOException {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: gw\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            Answer partial = new Answer(0, headText, null);
            String length = partial.header("content-length");
            if (length == null) {
                throw new IOException("no Content-Length: " + headText);
            }
            String body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(headText.substring(9, 12)), headText + body, askedFor.get());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Presents the client's certificate whatever CAs the server names, and notes the names (the JDK would send none). */
    private static X509ExtendedKeyManager presenting(TestCa.Issued client, AtomicReference<List<Principal>> asked) {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) client.keyManagers().getKeyManagers()[0];
        String alias = keys.getClientAliases("EC", null)[0];
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                asked.set(issuers == null ? List.of() : List.of(issuers));
                return alias;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                asked.set(issuers == null ? List.of() : List.of(issuers));
                return alias;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {alias};
            }

            @Override
            public X509Certificate[] getCertificateChain(String a) {
                return keys.getCertificateChain(a);
            }

            @Override
            public PrivateKey getPrivateKey(String a) {
                return keys.getPrivateKey(a);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
    }
}
