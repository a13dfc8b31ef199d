package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestCa;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * HTTPS backends with a CA made at test time: trusted and named correctly → served; a
 * certificate for another host name, an untrusted CA or a missing client certificate → 502,
 * never a silently insecure connection.
 */
@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendTlsTest {
    private EchoBackend good;
    private EchoBackend wrongName;
    private EchoBackend foreign;
    private EchoBackend mutual;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa otherCa = TestCa.create(dir.resolve("other-ca"));
        good = new EchoBackend("good", 0, ca.serverContext(ca.issue("backend", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1")));
        wrongName = new EchoBackend("wrong-name", 0, ca.serverContext(ca.issue("elsewhere", Set.of(TestCa.Usage.SERVER), "elsewhere.example")));
        foreign = new EchoBackend("foreign", 0, otherCa.serverContext(otherCa.issue("foreign", Set.of(TestCa.Usage.SERVER), "127.0.0.1")));
        mutual = new EchoBackend("mutual", 0, ca.serverContext(ca.issue("mutual", Set.of(TestCa.Usage.SERVER), "127.0.0.1")), true);
        TestCa.Issued gatewayIdentity = ca.issue("gateway-client", Set.of(TestCa.Usage.CLIENT));
        var tls = api("tls", "/tls", endpoint(good.url("/")), true, null, List.of(
                resource("GET", "/good"),
                resource("GET", "/wrong-name", endpoint(wrongName.url("/")), null, null, List.of()),
                resource("GET", "/foreign", endpoint(foreign.url("/")), null, null, List.of()),
                resource("GET", "/mutual", endpoint(mutual.url("/")), null, null, List.of())));
        gateway = new GatewayFixture(dir, List.of(tls), """
                backends:
                  tls:
                    trustedCertificates:
                      - %s
                    clientCertificate: %s
                    clientKey: %s
                """.formatted(ca.caPem(), gatewayIdentity.certPem(), gatewayIdentity.keyPem())).start();
        port = gateway.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        for (EchoBackend b : List.of(good, wrongName, foreign, mutual)) {
            b.close();
        }
    }

    @Test
    void aTrustedBackendWithTheRightNameIsServed() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/tls/good");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("\"backend\":\"good\""), r.body());
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/tls/wrong-name");
        assertEquals(502, r.status(), r.body());
        assertTrue(r.body().contains("TLS handshake"), r.body());
    }

    @Test
    void aBackendFromAnUntrustedCaIsRefused() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/tls/foreign");
        assertEquals(502, r.status(), r.body());
        assertTrue(r.body().contains("TLS handshake"), r.body());
    }

    @Test
    void theClientCertificateIsPresentedToABackendThatRequiresOne() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/tls/mutual");
        assertEquals(200, r.status(), r.body());
    }
}
