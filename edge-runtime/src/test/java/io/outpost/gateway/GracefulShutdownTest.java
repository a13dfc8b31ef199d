package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains: readiness turns false at once, the listener stops accepting, an exchange in
 * flight finishes with its real answer, and the process then exits by itself.
 */
class GracefulShutdownTest {

    @Test
    void sigtermFinishesTheExchangeInFlightAndRefusesNewConnections(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("slow")) {
            var api = api("slow", "/slow", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/work")));
            GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(api), """
                    shutdown:
                      drainTimeoutMillis: 10000
                    """).start();
            try (gateway) {
                int port = gateway.httpPort();
                assertEquals(200, RawHttp.get(gateway.adminPort(), "/ready").status());

                CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                    try {
                        return RawHttp.get(port, "/slow/work?delayMs=2500");
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> backend.received().size() == 1);

                gateway.process().terminate();
                gateway.process().awaitLine("outpost-gateway draining: 1 connections", Duration.ofSeconds(10));
                RawHttp.Response notReady = RawHttp.get(gateway.adminPort(), "/ready");
                assertEquals(503, notReady.status(), "readiness turns false while draining");
                assertThrows(ConnectException.class, () -> RawHttp.get(port, "/slow/work"),
                        "no new connections while draining");

                RawHttp.Response finished = inFlight.get(15, TimeUnit.SECONDS);
                assertEquals(200, finished.status(), finished.body());
                assertEquals("close", finished.header("connection"), "the drained connection is closed after its answer");

                assertTrue(gateway.process().process().waitFor(15, TimeUnit.SECONDS), "the gateway exits after draining");
                gateway.process().awaitLine("outpost-gateway stopped$", Duration.ofSeconds(5));
                assertFalse(gateway.process().output().contains("LEAK:"), gateway.process().output());
            }
        }
    }
}
