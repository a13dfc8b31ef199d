package io.outpost.gateway.security.tls;

import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.testing.TestCa;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutual-TLS stage's decisions on the client certificate a trusted proxy passes in the header
 * (the TLS session's certificate takes the same path, end to end in HttpsListenerTest): which
 * routes get the stage, a good certificate identifies the client, and on a mandatory API every bad
 * or missing one is 401 / 900901 while an optional API lets the next stage decide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsStageTest {
    private static final String HEADER = "X-Client-Cert";
    private TestCa clientCa;
    private TestCa.Issued alice;
    private TestCa.Issued bob;
    private TestCa.Issued revoked;
    private TestCa.Issued serverOnly;
    private TestCa.Issued stranger;
    private MutualTls settings;

    @BeforeAll
    void pki(@TempDir Path dir) throws Exception {
        clientCa = TestCa.create(dir.resolve("clients"));
        alice = clientCa.issue("alice", Set.of(TestCa.Usage.CLIENT));
        bob = clientCa.issue("bob", Set.of(TestCa.Usage.CLIENT));
        revoked = clientCa.issue("mallory", Set.of(TestCa.Usage.CLIENT));
        serverOnly = clientCa.issue("a-server", Set.of(TestCa.Usage.SERVER));
        stranger = TestCa.create(dir.resolve("strangers")).issue("stranger", Set.of(TestCa.Usage.CLIENT));
        settings = new MutualTls(List.of(clientCa.certificate()), PemFiles.crls(clientCa.crl("clients", revoked.certificate())),
                HEADER, Map.of("Pinned:1.0.0", Set.of(fingerprint(alice.certificate()))));
    }

    private static String fingerprint(X509Certificate cert) throws Exception {
        return ClientCertificates.sha256(cert.getEncoded());
    }

    private static Route route(String name, String mutualSsl) {
        ApiDefinition api = new ApiDefinition(name, "1.0.0", "/a", "a.yaml", endpoint("http://b"), null, null, null, true, null,
                null, null, mutualSsl, null, null, null, null, null, List.of(resource("GET", "/x")));
        return RouteTable.of(List.of(api)).routes().get(0);
    }

    private Stage stage(String name, String mutualSsl) {
        return MutualTlsStage.forRoute(route(name, mutualSsl), settings, new ClientCertificates(settings, System::currentTimeMillis));
    }

    /** A request that arrived with the header set to {@code value} (null: without it). */
    private static ExchangeContext exchange(String value) throws Exception {
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a/x");
        if (value != null) {
            request.headers().set(HEADER, value);
        }
        return new ExchangeContext(request, PathNormalizer.normalize("/a/x"), "10.0.0.7", "http", route("Api", "optional"), Map.of());
    }

    /** As nginx's $ssl_client_escaped_cert: the PEM, URL-encoded. */
    private static String escapedPem(TestCa.Issued who) throws Exception {
        String pem = Files.readString(who.certPem());
        return URLEncoder.encode(pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 25), StandardCharsets.UTF_8)
                .replace("+", "%20"); // nginx escapes spaces as %20; a '+' left raw must stay base64's '+'
    }

    private static void assertRefused(Verdict verdict) {
        Verdict.Refuse refusal = assertInstanceOf(Verdict.Refuse.class, verdict);
        assertEquals(401, refusal.fault().status().code());
        assertEquals(900901, refusal.fault().code());
    }

    @Test
    void onlyApisThatAskForMutualSslGetTheStage() {
        assertNull(stage("Api", null));
    }

    @Test
    void aTrustedCertificateIdentifiesTheClientBySubject() throws Exception {
        Stage mandatory = stage("Api", "mandatory");
        ExchangeContext exchange = exchange(escapedPem(alice));
        assertSame(Verdict.CONTINUE, mandatory.onHead(exchange));
        Identity identity = exchange.identity();
        assertEquals("CN=alice", identity.subject());
        assertEquals("PRODUCTION", identity.keyType());
        assertEquals(List.of(), identity.scopes());
        // the DER in base64, as Envoy-style proxies send it, is the same certificate
        ExchangeContext der = exchange(Base64.getEncoder().encodeToString(alice.certificate().getEncoded()));
        assertSame(Verdict.CONTINUE, mandatory.onHead(der));
        assertEquals("CN=alice", der.identity().subject());
    }

    @Test
    void onAMandatoryApiEveryMissingOrBadCertificateIs900901() throws Exception {
        Stage mandatory = stage("Api", "mandatory");
        assertRefused(mandatory.onHead(exchange(null)));
        assertRefused(mandatory.onHead(exchange(escapedPem(stranger))));
        assertRefused(mandatory.onHead(exchange(escapedPem(revoked))));
        assertRefused(mandatory.onHead(exchange(escapedPem(serverOnly))));
        assertRefused(mandatory.onHead(exchange("-----BEGIN CERTIFICATE-----%0Agarbage")));
        assertRefused(mandatory.onHead(exchange("%zz")));
        // a second time from the cache: still refused
        assertRefused(mandatory.onHead(exchange(escapedPem(revoked))));
    }

    @Test
    void onAnOptionalApiABadOrMissingCertificateLeavesTheDecisionToTheNextStage() throws Exception {
        Stage optional = stage("Api", "optional");
        for (String value : new String[] {null, escapedPem(stranger), escapedPem(revoked), "garbage"}) {
            ExchangeContext exchange = exchange(value);
            assertSame(Verdict.CONTINUE, optional.onHead(exchange));
            assertNull(exchange.identity());
        }
        ExchangeContext good = exchange(escapedPem(bob));
        assertSame(Verdict.CONTINUE, optional.onHead(good));
        assertEquals("CN=bob", good.identity().subject());
    }

    @Test
    void anApiWithPinnedFingerprintsTakesOnlyThose() throws Exception {
        Stage pinned = stage("Pinned", "mandatory");
        assertRefused(pinned.onHead(exchange(escapedPem(bob))));
        assertSame(Verdict.CONTINUE, pinned.onHead(exchange(escapedPem(alice))));
    }

    @Test
    void aKeysBundleAddsClientCasAndPins() throws Exception {
        TestCa bundled = TestCa.create(alice.certPem().getParent().resolveSibling("bundled"));
        TestCa.Issued carol = bundled.issue("carol", Set.of(TestCa.Usage.CLIENT));
        MutualTls more = settings.plus(List.of(bundled.certificate()), Map.of("Pinned:1.0.0", Set.of(fingerprint(carol.certificate()))));
        assertEquals(Set.of(fingerprint(alice.certificate()), fingerprint(carol.certificate())),
                more.allowedFingerprints().get("Pinned:1.0.0"));
        Stage pinned = MutualTlsStage.forRoute(route("Pinned", "mandatory"), more, new ClientCertificates(more, System::currentTimeMillis));
        assertSame(Verdict.CONTINUE, pinned.onHead(exchange(escapedPem(carol))));
        assertSame(Verdict.CONTINUE, pinned.onHead(exchange(escapedPem(alice))));
        assertRefused(pinned.onHead(exchange(escapedPem(bob))));
        assertRefused(stage("Pinned", "mandatory").onHead(exchange(escapedPem(carol))));
        assertSame(settings, settings.plus(List.of(), Map.of()));
    }

    @Test
    void percentDecodingLeavesPlusSignsToBase64() {
        assertEquals("a+b c\n", HeaderCertificate.percentDecode("a+b%20c%0A"));
        assertNull(HeaderCertificate.percentDecode("bad%2"));
        assertNull(HeaderCertificate.decode("not a certificate"));
    }
}
