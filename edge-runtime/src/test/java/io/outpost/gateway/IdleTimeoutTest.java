package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle timeouts of both sides, on a real gateway process: an idle keep-alive client connection
 * is closed after 3 s, and a pooled backend connection idle for 1 s is replaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleTimeoutTest {
    private EchoBackend backend;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new EchoBackend("idle");
        var open = api("open", "/open", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/get")));
        gateway = new GatewayFixture(dir, List.of(open), """
                backends:
                  pool:
                    idleTimeoutSeconds: 1
                """, """
                  idleTimeoutSeconds: 3
                """).start();
        port = gateway.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        backend.close();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /open/get HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertEquals(200, http.read().status());
            long idleFrom = System.nanoTime();
            assertTrue(http.closedByPeer(), "the gateway closes the idle connection");
            long idleMillis = (System.nanoTime() - idleFrom) / 1_000_000;
            assertTrue(idleMillis >= 2_900 && idleMillis < 10_000, "closed after " + idleMillis + " ms idle, timeout 3 s");
        }
    }

    @Test
    void anIdlePooledBackendConnectionIsClosedAndTheNextRequestGetsANewOne() throws Exception {
        // One client connection throughout: pools are per event loop, and so is a client connection.
        try (RawHttp http = new RawHttp(port)) {
            int first = clientPort(get(http));
            assertEquals(first, clientPort(get(http)), "reused while fresh");
            // Each probe comes after 1.5 s of quiet: past the pool's idle time of 1 s (swept every
            // 200 ms) but not the client's 3 s, so the backend connection it finds must be a new one.
            await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(15))
                    .until(() -> clientPort(get(http)) != first);
        }
    }

    private static RawHttp.Response get(RawHttp http) throws Exception {
        http.send("GET /open/get HTTP/1.1\r\nHost: gw\r\n\r\n");
        return http.read();
    }

    private static int clientPort(RawHttp.Response response) {
        assertEquals(200, response.status(), response.body());
        JsonNode echo = Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        return echo.get("clientPort").asInt();
    }
}
