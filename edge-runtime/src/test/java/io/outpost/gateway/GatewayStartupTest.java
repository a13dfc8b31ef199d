package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway process refuses to start with, and what it says. */
class GatewayStartupTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private GatewayFixture fixture(Path dir) throws Exception {
        return new GatewayFixture(dir, List.of(api("a", "/a", endpoint("http://127.0.0.1:1/"), true, null,
                List.of(resource("GET", "/x")))));
    }

    @Test
    void tamperedArtifactIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        byte[] bytes = Files.readAllBytes(f.artifact);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(f.artifact, bytes);
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(4, r.exitCode(), r.output());
        assertTrue(r.output().contains("refusing artifact"), r.output());
    }

    @Test
    void untrustedSignerIsRefusedButServedUnderDev(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(dir.resolve("publisher.pub.jwk"), Ed25519Key.generate().publicKey().toJson());
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString()).args("--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(4, r.exitCode(), r.output());
        assertTrue(r.output().contains(f.publisher.thumbprint()), "names the signer: " + r.output());

        try (GatewayFixture.Running running = f.start("--dev")) {
            assertEquals(503, RawHttp.get(running.httpPort(), "/a/x").status());
            assertTrue(running.process().output().contains("outpost gateway: warning: --dev"), running.process().output());
        }
    }

    @Test
    void badConfigurationNamesFileLineKeyAndReason(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(f.config, """
                listeners:
                  http:
                    port: ninety
                admin:
                  prot: 1
                limits:
                  maxHeaderSize: 5
                """);
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("gateway.yaml:3:5: error: listeners.http.port: must be a whole number from 0 to 65535"), r.output());
        assertTrue(r.output().contains("gateway.yaml:5:3: error: admin.prot: unknown key; expected one of host, port"), r.output());
        assertTrue(r.output().contains("gateway.yaml:7:3: error: limits.maxHeaderSize: must be a whole number from 1024"), r.output());
    }

    @Test
    void aTrustedProxyThatIsNoAddressNamesLineAndFix(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(f.config, """
                trustedProxies:
                  - 10.0.0.0/8
                  - 10.0.0.0/40
                  - lb.local
                """);
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("gateway.yaml:3:5: error: trustedProxies[1]: '10.0.0.0/40': the prefix length must be 0-32"), r.output());
        assertTrue(r.output().contains("gateway.yaml:4:5: error: trustedProxies[2]: 'lb.local' is not an IP address or network"), r.output());
    }

    @Test
    void malformedYamlAndMissingKeysAreReported(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(f.config, "listeners:\n  http: [\n");
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("gateway.yaml:"), r.output());

        Files.writeString(f.config, "trust:\n  publisherKeys: [missing.jwk]\n");
        r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("trust.publisherKeys[0]: file"), r.output());
    }

    @Test
    void aTransportThatCannotRunHereIsRefusedAndAutoFallsBack(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        String yaml = Files.readString(f.config);
        // Without Netty's native libraries neither io_uring nor epoll can load, as on a non-Linux system.
        String noNative = "-Dio.netty.transport.noNative=true";
        Files.writeString(f.config, yaml + "transport: io_uring\n");
        JavaProcess.Result r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString())
                .jvmArgs(noNative).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("gateway.yaml:14:1: error: transport: io_uring is not available here ("), r.output());
        assertTrue(r.output().contains("); use auto, which falls back to epoll, then nio"), r.output());

        Files.writeString(f.config, yaml + "transport: auto\n");
        try (JavaProcess auto = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString())
                .jvmArgs(noNative).start()) {
            auto.awaitLine("outpost-gateway ready .* transport=nio$", LIMIT);
        }

        Files.writeString(f.config, yaml + "transport: dpdk\n");
        r = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString()).run(LIMIT);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("gateway.yaml:14:1: error: transport: must be one of auto, io_uring, epoll, nio (got 'dpdk')"),
                r.output());
    }

    @Test
    void theRuntimeDoesNotCarryTheOpenApiParser() {
        // swagger-parser is heavy and belongs to the toolkit; the device runtime must not depend on it.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.swagger.v3.parser.OpenAPIV3Parser"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.swagger.parser.OpenAPIParser"));
    }
}
