package io.outpost.gateway;

import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.Resource;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS listener and mutual TLS against a real gateway process, with real TLS sockets and
 * certificates made at test time: TLS 1.3 and 1.2 are served and TLS 1.1 refused in the
 * handshake; on a mandatory API a trusted client certificate is served and an untrusted, revoked,
 * unpinned or missing one is 401 / 900901; an optional API serves without one; a trusted proxy's
 * client-certificate header is believed and anyone else's ignored and removed; an https-only
 * resource is served over HTTPS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A second loopback address: a peer that is not in trustedProxies (which lists 127.0.0.1). */
    private static final String UNTRUSTED_PEER = "127.0.0.2";

    private EchoBackend backend;
    private GatewayFixture.Running gateway;
    private int httpsPort;
    private TestCa serverCa;
    private TestCa.Issued alice;
    private TestCa.Issued bob;
    private TestCa.Issued revoked;
    private TestCa.Issued stranger;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new EchoBackend("echo");
        serverCa = TestCa.create(dir.resolve("server-ca"));
        TestCa.Issued server = serverCa.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        TestCa clientCa = TestCa.create(dir.resolve("client-ca"));
        alice = clientCa.issue("alice", Set.of(TestCa.Usage.CLIENT));
        bob = clientCa.issue("bob", Set.of(TestCa.Usage.CLIENT));
        revoked = clientCa.issue("mallory", Set.of(TestCa.Usage.CLIENT));
        stranger = TestCa.create(dir.resolve("strangers")).issue("stranger", Set.of(TestCa.Usage.CLIENT));
        Path crl = clientCa.crl("clients", revoked.certificate());

        ApplicationSecurity certificateEnough = new ApplicationSecurity(List.of("oauth2"), true);
        String echo = backend.url("/");
        List<ApiDefinition> apis = List.of(
                api("Mandatory", "/mandatory", echo, null, "mandatory", certificateEnough, resource("GET", "/get")),
                api("Pinned", "/pinned", echo, null, "mandatory", certificateEnough, resource("GET", "/get")),
                api("OptionalOpen", "/optional-open", echo, true, "optional", null, resource("GET", "/get")),
                api("OptionalApp", "/optional-app", echo, null, "optional", certificateEnough, resource("GET", "/get")),
                api("Open", "/open", echo, true, null, null, resource("GET", "/get"),
                        resource("GET", "/secure-only", null, null, null, List.of("https"))));
        GatewayFixture fixture = new GatewayFixture(dir, apis);
        // Port 9 in the file: the --https-port option must be what the listener binds.
        Files.writeString(fixture.config, """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                  https:
                    host: 127.0.0.1
                    port: 9
                    certificate: %s
                    key: %s
                    protocols: [TLSv1.3, TLSv1.2]
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                limits:
                  backendResponseTimeoutMillis: 5000
                trustedProxies: [127.0.0.1]
                security:
                  mutualTls:
                    clientCas: [%s]
                    crls: [%s]
                    clientCertificateHeader: X-Client-Cert
                    allowedFingerprints:
                      "Pinned:1.0.0": ["%s"]
                """.formatted(server.certPem(), server.keyPem(), clientCa.caPem(), crl, sha256(alice.certificate())));
        gateway = fixture.start("--https-port", "0");
        httpsPort = Integer.parseInt(gateway.process().awaitLine(" https=127\\.0\\.0\\.1:(\\d+) ", java.time.Duration.ofSeconds(5)).group(1));
        assertNotEquals(9, httpsPort);
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static ApiDefinition api(String name, String basePath, String backendUrl, Boolean disableSecurity, String mutualSsl,
                                     ApplicationSecurity applicationSecurity, Resource... resources) {
        return new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", endpoint(backendUrl), null, null, null, disableSecurity,
                null, null, null, mutualSsl, applicationSecurity, null, null, null, null, List.of(resources));
    }

    // ---- the handshake ------------------------------------------------------------------------

    @Test
    void tls13AndTls12AreServed() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            Response r = https("/open/get", null, protocol, null);
            assertEquals(200, r.status(), protocol + ": " + r.body());
            assertEquals(protocol, r.protocol());
            assertEquals("https", r.echo().path("headers").path("x-forwarded-proto").asText(), r.body());
        }
    }

    @Test
    void tls11IsRefusedInTheHandshake() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", httpsPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(0x0302));
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(7);
            // A fatal (2) alert (21) protocol_version (70), never a ServerHello (22).
            assertEquals("15", HexFormat.of().formatHex(answer, 0, Math.min(1, answer.length)), "not an alert: "
                    + HexFormat.of().formatHex(answer));
            assertEquals(7, answer.length, HexFormat.of().formatHex(answer));
            assertEquals(2, answer[5], "fatal");
            assertEquals(70, answer[6], "protocol_version");
        }
    }

    // ---- mutual TLS ---------------------------------------------------------------------------

    @Test
    void aMandatoryApiServesATrustedClientCertificateAlone() throws Exception {
        Response r = https("/mandatory/get", alice, "TLSv1.3", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(200, https("/mandatory/get", bob, "TLSv1.2", null).status());
    }

    @Test
    void aMandatoryApiRefusesAnUntrustedARevokedOrNoCertificateWith900901() throws Exception {
        for (TestCa.Issued who : new TestCa.Issued[] {stranger, revoked, null}) {
            Response r = https("/mandatory/get", who, "TLSv1.3", null);
            assertEquals(401, r.status(), r.body());
            assertTrue(r.body().contains("900901"), r.body());
        }
        // plain HTTP has no client certificate at all
        Response plain = http("127.0.0.1", "/mandatory/get", null);
        assertEquals(401, plain.status(), plain.body());
        assertTrue(plain.body().contains("900901"), plain.body());
    }

    @Test
    void pinnedFingerprintsAdmitOnlyTheirCertificate() throws Exception {
        assertEquals(200, https("/pinned/get", alice, "TLSv1.3", null).status());
        Response r = https("/pinned/get", bob, "TLSv1.3", null);
        assertEquals(401, r.status(), r.body());
        assertTrue(r.body().contains("900901"), r.body());
    }

    @Test
    void anOptionalApiServesWithoutACertificate() throws Exception {
        assertEquals(200, https("/optional-open/get", null, "TLSv1.3", null).status());
        assertEquals(200, https("/optional-open/get", stranger, "TLSv1.3", null).status());
        // optional mutual TLS with optional application security: the certificate, or else a token
        assertEquals(200, https("/optional-app/get", alice, "TLSv1.3", null).status());
        Response none = https("/optional-app/get", null, "TLSv1.3", null);
        assertEquals(401, none.status(), none.body());
        assertTrue(none.body().contains("900902"), none.body());
    }

    @Test
    void aTrustedProxysCertificateHeaderIsBelievedAndPassedOn() throws Exception {
        Response r = http("127.0.0.1", "/mandatory/get", escapedPem(alice));
        assertEquals(200, r.status(), r.body());
        assertEquals(escapedPem(alice), r.echo().path("headers").path("x-client-cert").asText(), r.body());
        Response bad = http("127.0.0.1", "/mandatory/get", escapedPem(stranger));
        assertEquals(401, bad.status(), bad.body());
    }

    @Test
    void anUntrustedPeersCertificateHeaderIsIgnoredAndRemoved() throws Exception {
        Response r = http(UNTRUSTED_PEER, "/mandatory/get", escapedPem(alice));
        assertEquals(401, r.status(), r.body());
        assertTrue(r.body().contains("900901"), r.body());
        Response open = http(UNTRUSTED_PEER, "/open/get", escapedPem(alice));
        assertEquals(200, open.status(), open.body());
        assertTrue(open.echo().path("headers").path("x-client-cert").isMissingNode(), open.body());
    }

    @Test
    void anHttpsOnlyResourceIsServedOverHttpsOnly() throws Exception {
        Response plain = http("127.0.0.1", "/open/secure-only", null);
        assertEquals(403, plain.status(), plain.body());
        assertTrue(plain.body().contains("900906"), plain.body());
        assertEquals(200, https("/open/secure-only", null, "TLSv1.3", null).status());
    }

    // ---- clients ------------------------------------------------------------------------------

    record Response(int status, String body, String protocol) {
        JsonNode echo() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** One GET over TLS with {@code protocol} only, presenting {@code client}'s certificate whatever CAs the server names. */
    private Response https(String target, TestCa.Issued client, String protocol, String certHeader) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(client == null ? null : new KeyManager[] {presenting(client)}, serverCa.trustManagers().getTrustManagers(),
                new SecureRandom());
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", httpsPort)) {
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return exchange(socket, target, certHeader, socket.getSession().getProtocol());
        }
    }

    /** One GET over plain HTTP from {@code localAddress}. */
    private Response http(String localAddress, String target, String certHeader) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.httpPort()));
            socket.setSoTimeout(20_000);
            return exchange(socket, target, certHeader, null);
        }
    }

    private static Response exchange(Socket socket, String target, String certHeader, String protocol) throws IOException {
        String request = "GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
                + (certHeader == null ? "" : "X-Client-Cert: " + certHeader + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        String raw;
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (SSLException e) {
                // the peer closed without close_notify after Connection: close: what was read is the answer
            }
            raw = all.toString(StandardCharsets.UTF_8);
        }
        int headEnd = raw.indexOf("\r\n\r\n");
        assertFalse(headEnd < 0, "no response: " + raw);
        return new Response(Integer.parseInt(raw.substring(9, 12)), raw.substring(headEnd + 4), protocol);
    }

    /** Presents the certificate even when the server's certificate request names other CAs (the JDK would send none). */
    private static X509ExtendedKeyManager presenting(TestCa.Issued client) {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) client.keyManagers().getKeyManagers()[0];
        String alias = keys.getClientAliases("EC", null)[0];
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return alias;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
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

    /** As nginx's $ssl_client_escaped_cert: the leaf's PEM, URL-encoded. */
    private static String escapedPem(TestCa.Issued who) throws IOException {
        String pem = Files.readString(who.certPem());
        return URLEncoder.encode(pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 25), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    /**
     * A ClientHello offering at most {@code version} (0x0302 = TLS 1.1) with ECDHE and RSA suites
     * and no supported_versions extension: what an old client sends. The JDK client cannot be made
     * to send one (TLS 1.1 is disabled in its java.security), hence the bytes.
     */
    private static byte[] clientHello(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc009, 0xc013, 0xc00a, 0xc014, 0x002f, 0x0035};
        body.write(0);
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >> 8);
            body.write(suite & 0xff);
        }
        body.write(1);
        body.write(0); // null compression
        byte[] extensions = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};                          // ec_point_formats: uncompressed
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x01});
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xff);
        record.write(0x01); // client_hello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
