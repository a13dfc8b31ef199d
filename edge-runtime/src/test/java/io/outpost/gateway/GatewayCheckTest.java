package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost gateway --check} on a real process (issue 16): each mistake a start would stop at,
 * with its exit code and a message naming what to fix; nothing bound (its ports stay free) and
 * nothing written (the state directory is not even created).
 */
class GatewayCheckTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static GatewayFixture fixture(Path dir) throws Exception {
        return new GatewayFixture(dir, List.of(api("a", "/a", endpoint("http://127.0.0.1:1/"), true, null,
                List.of(resource("GET", "/x")))));
    }

    private static JavaProcess.Result check(GatewayFixture f, String... more) throws Exception {
        return JavaProcess.gateway("--check", "--config", f.config.toString()).args(more).run(LIMIT);
    }

    /** Sets the fixture's ports (it asks for any free port: 0). */
    private static void ports(GatewayFixture f, int http, int admin) throws Exception {
        String yaml = Files.readString(f.config);
        yaml = yaml.replaceFirst("(?s)(http:\n    host: 127.0.0.1\n    port: )0", "$1" + http);
        yaml = yaml.replaceFirst("(?s)(admin:\n  host: 127.0.0.1\n  port: )0", "$1" + admin);
        Files.writeString(f.config, yaml);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aGoodConfigurationPrintsWhatWouldRunAndBindsAndWritesNothing(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        int http = freePort();
        int admin = freePort();
        ports(f, http, admin);
        JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("artifact   test-1.0.0 "), r.output());
        assertTrue(r.output().contains("apis       1: a 1.0.0 /a"), r.output());
        assertTrue(r.output().contains("listeners  http 127.0.0.1:" + http + ", admin 127.0.0.1:" + admin), r.output());
        assertTrue(r.output().contains("transport  "), r.output());
        assertTrue(r.output().contains("lockdown   off"), r.output());
        assertTrue(r.output().contains("check passed"), r.output());
        assertFalse(Files.exists(dir.resolve("state")), "--check created the state directory");
        assertNull(PortProbe.bindProblem("127.0.0.1", http), "the http port is free again");
    }

    @Test
    void aMissingArtifactNamesTheLineAndOutpostBuild(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(f.config, Files.readString(f.config) + "artifact: dist/missing-1.0.0.outpost\n");
        JavaProcess.Result r = check(f);
        assertEquals(GatewayMain.EXIT_ARTIFACT, r.exitCode(), r.output());
        assertTrue(r.output().matches("(?s)(.*\n)?\\S*gateway\\.yaml:14:\\d+: error: artifact: .*"), "names the line of 'artifact': " + r.output());
        assertTrue(r.output().contains("missing-1.0.0.outpost does not exist; build the artifact with `outpost build`"), r.output());
        assertFalse(Files.exists(dir.resolve("state")));
    }

    @Test
    void aTamperedArtifactIsRefused(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        byte[] bytes = Files.readAllBytes(f.artifact);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(f.artifact, bytes);
        JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
        assertEquals(GatewayMain.EXIT_ARTIFACT, r.exitCode(), r.output());
        assertTrue(r.output().contains("refusing artifact"), r.output());
        assertFalse(Files.exists(dir.resolve("state")));
    }

    @Test
    void aBadKeyFileIsAConfigurationError(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        Files.writeString(dir.resolve("publisher.pub.jwk"), "{\"kty\":\"not a key\"}");
        JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
        assertEquals(GatewayMain.EXIT_CONFIG, r.exitCode(), r.output());
        assertTrue(r.output().contains("trust.publisherKeys: "), r.output());
        assertFalse(Files.exists(dir.resolve("state")));
    }

    @Test
    void theSamePortTwiceNamesBothSettings(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        int port = freePort();
        ports(f, port, port);
        JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
        assertEquals(GatewayMain.EXIT_CONFIG, r.exitCode(), r.output());
        assertTrue(r.output().contains("port " + port + " is given twice: listeners.http.port and admin.port in " + f.config),
                r.output());
    }

    @Test
    void aPortHeldByAnotherProcessIsAnErrorNamingItsSetting(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        try (ServerSocket foreign = new ServerSocket()) {
            foreign.bind(new InetSocketAddress("127.0.0.1", 0));
            ports(f, foreign.getLocalPort(), freePort());
            JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
            assertEquals(GatewayMain.EXIT_BIND, r.exitCode(), r.output());
            assertTrue(r.output().contains("port " + foreign.getLocalPort() + " is in use (listeners.http.port in " + f.config
                    + ", or --http-port)"), r.output());

            // the start says the same, naming the port and what sets it
            JavaProcess.Result start = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString())
                    .run(LIMIT);
            assertEquals(GatewayMain.EXIT_BIND, start.exitCode(), start.output());
            assertTrue(start.output().contains("port " + foreign.getLocalPort() + " is in use (listeners.http.port in "),
                    start.output());
        }
    }

    @Test
    void portsHeldByTheRunningOutpostGatewayAreNoError(@TempDir Path dir) throws Exception {
        GatewayFixture f = fixture(dir);
        ports(f, freePort(), freePort());
        try (GatewayFixture.Running gw = f.start()) {
            JavaProcess.Result r = check(f, "--artifact", f.artifact.toString());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("port " + gw.httpPort() + " (listeners.http.port) is held by the running Outpost"
                    + " gateway (serving test-1.0.0)"), r.output());
            assertTrue(r.output().contains("check passed"), r.output());
            gw.stopAndCheckLeaks();
        }
    }
}
