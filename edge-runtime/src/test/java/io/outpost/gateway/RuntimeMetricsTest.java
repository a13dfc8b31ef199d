package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.EndpointConfig.AdvanceEndpointConfig;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import io.outpost.common.model.EndpointConfig.RetryConfig;
import io.outpost.common.model.EndpointConfig.RollingWindow;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.PrometheusText;
import io.outpost.testing.RawHttp;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process with a real backend, a member that refuses connections and one that
 * answers too late: its {@code /metrics} shows per member what happened (connect failures, retries,
 * timeouts, the circuit opened, the pooled connections), the open client connections, the journal's
 * appends, the generation in force, build info and the JVM's and process' own metrics.
 */
class RuntimeMetricsTest {
    private static final String DOWN = "production endpoint of API 'rt' GET /down";
    private static final String SLOW = "production endpoint of API 'rt' GET /slow";
    private static final String OK = "production endpoint of API 'rt' GET /ok";

    @Test
    void backendsConnectionsJournalGenerationAndProcessAreOnTheAdminPort(@TempDir Path dir) throws Exception {
        int refusing;
        try (ServerSocket reserve = new ServerSocket(0)) {
            refusing = reserve.getLocalPort(); // closed again: connecting is refused
        }
        String down = "http://127.0.0.1:" + refusing;
        try (EchoBackend backend = new EchoBackend("metered")) {
            // One retry, and a circuit that opens after 3 failed attempts and stays open for a minute.
            var downPolicy = new AdvanceEndpointConfig(null, new RetryConfig(1, 50L, 1.0, 500L, List.of()),
                    new CircuitBreakerConfig(new RollingWindow(3, 60_000L, 1_000L), 0.5, 60_000L, List.of()));
            var okPolicy = new AdvanceEndpointConfig(null, null,
                    new CircuitBreakerConfig(new RollingWindow(3, 60_000L, 1_000L), 0.5, 60_000L, List.of()));
            var rt = api("rt", "/rt", TestApis.endpoint(backend.url("/")), true, null, List.of(
                    resource("GET", "/ok", new EndpointConfig(null, null, List.of(backend.url("/")), okPolicy, null), null, null, List.of()),
                    resource("GET", "/down", new EndpointConfig(null, null, List.of(down + "/"), downPolicy, null), null, null, List.of()),
                    resource("GET", "/slow", new EndpointConfig(null, null, List.of(backend.url("/")),
                            new AdvanceEndpointConfig(300L, null, null), null), null, null, List.of())));
            try (GatewayFixture.Running gateway = new GatewayFixture(dir, List.of(rt)).start()) {
                Map<String, Double> before = metrics(gateway);
                assertEquals(0.0, before.get(series("outpost_gateway_backend_connect_failures_total", DOWN, down)), before.toString());
                assertEquals(0.0, before.get("outpost_gateway_backend_circuit_state{endpoint=" + DOWN + "}"));

                int port = gateway.httpPort();
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, RawHttp.get(port, "/rt/ok").status());
                }
                // Attempt, retry: 2 connect failures; then the third failure opens the circuit, and the retry is refused by it.
                assertEquals(503, RawHttp.get(port, "/rt/down").status());
                assertEquals(503, RawHttp.get(port, "/rt/down").status());
                assertEquals(504, RawHttp.get(port, "/rt/slow?delayMs=2000").status());
                try (RawHttp held = new RawHttp(port)) {
                    held.send("GET /rt/ok HTTP/1.1\r\nHost: gw\r\n\r\n");
                    assertEquals(200, held.read().status());
                    await().atMost(Duration.ofSeconds(10)).until(() -> metrics(gateway).get("outpost_gateway_client_connections{}") == 1.0);
                }

                String okMember = backend.url("/").replaceAll("/$", "");
                Map<String, Double> m = metrics(gateway);
                assertEquals(3.0, m.get(series("outpost_gateway_backend_connect_failures_total", DOWN, down)), m.toString());
                assertEquals(2.0, m.get(series("outpost_gateway_backend_retries_total", DOWN, down)));
                assertEquals(1.0, m.get("outpost_gateway_backend_circuit_state{endpoint=" + DOWN + "}"), "open");
                assertEquals(0.0, m.get("outpost_gateway_backend_circuit_state{endpoint=" + OK + "}"), "closed");
                assertEquals(1.0, m.get(series("outpost_gateway_backend_timeouts_total", SLOW, okMember)));
                assertEquals(0.0, m.get(series("outpost_gateway_backend_connect_failures_total", OK, okMember)));
                assertEquals(0.0, m.get(series("outpost_gateway_backend_connections", OK, okMember, "active")));
                assertTrue(m.get(series("outpost_gateway_backend_connections", OK, okMember, "idle")) >= 1.0,
                        "the keep-alive connection went back to the pool: " + m);

                // Every exchange is journaled: appends equal the exchanges counted (no loss records here).
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    Map<String, Double> now = metrics(gateway);
                    double exchanges = now.entrySet().stream().filter(e -> e.getKey().startsWith("outpost_gateway_requests_total"))
                            .mapToDouble(Map.Entry::getValue).sum();
                    return exchanges == 7.0 && now.get("outpost_gateway_journal_appended_total{}") == 7.0;
                });
                // No agent acknowledges here: the oldest record, the first exchange, is unacknowledged.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        metrics(gateway).get("outpost_gateway_journal_oldest_unacknowledged_age_seconds{}") > 0);
                Map<String, Double> s = metrics(gateway);
                assertTrue(s.get("outpost_gateway_journal_bytes{}") > 0, s.toString());
                assertEquals(0.0, s.get("outpost_gateway_journal_dropped_total{reason=overflow}"));
                assertEquals(0.0, s.get("outpost_gateway_journal_lost_total{}"));

                String generation = s.keySet().stream().filter(k -> k.startsWith("outpost_gateway_generation{")).findFirst().orElse(null);
                assertNotNull(generation, s.toString());
                assertTrue(generation.contains("artifact=test-") && generation.matches(".*sha256=[0-9a-f]{64}[,}].*"), generation);
                assertEquals(0.0, s.get("outpost_gateway_bundle_sequence{type=revocations}"), s.toString());
                assertEquals(1.0, s.get("outpost_gateway_last_reload_success{}"));
                assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("outpost_build_info{") && s.get(k) == 1.0), s.toString());
                assertTrue(s.get("process_resident_memory_bytes{}") > 0, s.toString());
                assertTrue(s.get("process_open_fds{}") > 0);
                assertTrue(s.get("jvm_memory_used_bytes{area=heap}") > 0);
                assertTrue(s.get("jvm_threads_current{}") > 0);
                assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count")), s.toString());
                gateway.stopAndCheckLeaks();
            }
        }
    }

    private static String series(String name, String endpoint, String member, String... state) {
        return name + "{endpoint=" + endpoint + ",member=" + member + (state.length == 0 ? "" : ",state=" + state[0]) + "}";
    }

    private static Map<String, Double> metrics(GatewayFixture.Running gateway) throws Exception {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "/metrics");
        assertEquals(200, r.status(), r.body());
        return PrometheusText.samples(r.body());
    }
}
