package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.EndpointConfig.AdvanceEndpointConfig;
import io.outpost.common.model.EndpointConfig.BackendSecurity;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import io.outpost.common.model.EndpointConfig.RetryConfig;
import io.outpost.common.model.EndpointConfig.RollingWindow;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * WSO2's endpoint scenarios against a real gateway process and real backends: load balancing,
 * failover and recovery, timeouts, retries, the circuit breaker, pooled connections, backend
 * basic auth and deploy-time overrides from the environment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsTest {
    private final List<EchoBackend> backends = new ArrayList<>();
    private EchoBackend a;
    private EchoBackend b;
    private EchoBackend c;
    private int recoveringPort;
    private EchoBackend recovered;
    private GatewayFixture.Running gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        a = backend("a");
        b = backend("b");
        c = backend("c");
        try (ServerSocket reserve = new ServerSocket(0)) {
            recoveringPort = reserve.getLocalPort(); // nothing listens here until the recovery test
        }
        String down = "http://127.0.0.1:" + recoveringPort + "/";
        var retry = new AdvanceEndpointConfig(null, new RetryConfig(2, 50L, 2.0, 500L, List.of(503)), null);
        var breaker = new AdvanceEndpointConfig(null, null, new CircuitBreakerConfig(new RollingWindow(3, 60_000L, 1_000L),
                0.5, 1_500L, List.of(500)));
        var timeout = new AdvanceEndpointConfig(300L, null, null);
        var ep = api("ep", "/ep", new EndpointConfig(null, "load_balance", List.of(a.url("/"), b.url("/"), c.url("/")), null, null),
                true, null, List.of(
                        resource("GET", "/lb"),
                        resource("GET", "/failover", new EndpointConfig(null, "failover", List.of(down, b.url("/")), null, null),
                                null, null, List.of()),
                        resource("GET", "/timeout", new EndpointConfig(null, null, List.of(a.url("/")), timeout, null),
                                null, null, List.of()),
                        resource("GET", "/retry", new EndpointConfig(null, null, List.of(a.url("/")), retry, null),
                                null, null, List.of()),
                        resource("POST", "/retry", new EndpointConfig(null, null, List.of(a.url("/")), retry, null),
                                null, null, List.of()),
                        resource("GET", "/breaker", new EndpointConfig(null, null, List.of(c.url("/")), breaker, null),
                                null, null, List.of()),
                        resource("GET", "/pooled", new EndpointConfig(null, null, List.of(b.url("/")), null, null),
                                null, null, List.of()),
                        resource("GET", "/basic", new EndpointConfig(null, null, List.of(a.url("/")), null,
                                new BackendSecurity("basic", "svc")), null, null, List.of()),
                        resource("GET", "/nopassword", new EndpointConfig(null, null, List.of(a.url("/")), null,
                                new BackendSecurity("basic", "svc")), null, null, List.of()),
                        resource("GET", "/named", new EndpointConfig("myEndpoint", null, List.of("http://127.0.0.1:1/"), null, null),
                                null, null, List.of())));
        GatewayFixture fixture = new GatewayFixture(dir, List.of(ep), """
                backends:
                  suspendMillis: 300
                  replayBufferBytes: 2048
                """);
        fixture.env("ep_1_0_0_get__basic_prod_basic_password", "s3cret");
        fixture.env("myEndpoint_prod_endpoint_0", c.url("/renamed"));
        gateway = fixture.start();
        port = gateway.httpPort();
    }

    private EchoBackend backend(String name) throws Exception {
        EchoBackend backend = new EchoBackend(name);
        backends.add(backend);
        return backend;
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        for (EchoBackend backend : backends) {
            backend.close();
        }
        if (recovered != null) {
            recovered.close();
        }
    }

    private static JsonNode json(RawHttp.Response response) {
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    @Test
    void loadBalanceRotatesRoundRobinOverEveryMember() throws Exception {
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            RawHttp.Response r = RawHttp.get(port, "/ep/lb");
            assertEquals(200, r.status(), r.body());
            hits.merge(json(r).get("backend").asText(), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 3, "b", 3, "c", 3), hits);
    }

    @Test
    void failoverSkipsTheDownMemberAndReturnsToItWhenItRecovers() throws Exception {
        for (int i = 0; i < 3; i++) {
            RawHttp.Response r = RawHttp.get(port, "/ep/failover");
            assertEquals(200, r.status(), r.body());
            assertEquals("b", json(r).get("backend").asText());
        }
        recovered = new EchoBackend("recovered", recoveringPort, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RawHttp.Response r = RawHttp.get(port, "/ep/failover");
            return r.status() == 200 && json(r).get("backend").asText().equals("recovered");
        });
        RawHttp.Response again = RawHttp.get(port, "/ep/failover");
        assertEquals("recovered", json(again).get("backend").asText(), "the first member is preferred again once healthy");
    }

    @Test
    void timeoutInMillisAnswers504WithTheWso2Code() throws Exception {
        long start = System.nanoTime();
        RawHttp.Response r = RawHttp.get(port, "/ep/timeout?delayMs=3000");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, r.status(), r.body());
        assertTrue(r.body().contains("101504"), r.body());
        assertTrue(tookMillis < 2500, "answered after " + tookMillis + " ms, not at the 300 ms timeout");
        assertEquals(200, RawHttp.get(port, "/ep/lb").status(), "the gateway still serves others");
    }

    @Test
    void retriesAListedStatusUntilTheBackendAnswers() throws Exception {
        int before = a.received().size();
        RawHttp.Response r = RawHttp.get(port, "/ep/retry?failFirst=2&key=get-ok");
        assertEquals(200, r.status(), r.body());
        assertEquals(3, a.received().size() - before, "first attempt and two retries");
    }

    @Test
    void retriesStopAtTheCountAndTheLastAnswerPassesThrough() throws Exception {
        int before = a.received().size();
        RawHttp.Response r = RawHttp.get(port, "/ep/retry?failFirst=10&key=get-exhausted");
        assertEquals(503, r.status(), r.body());
        assertEquals("a", json(r).get("backend").asText(), "the backend's own answer, not a gateway fault");
        assertEquals(3, a.received().size() - before);
    }

    @Test
    void aSmallBodyIsReplayedOnRetry() throws Exception {
        byte[] body = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /ep/retry?failFirst=1&key=post-small HTTP/1.1\r\nHost: gw\r\nContent-Length: " + body.length
                    + "\r\n\r\n" + new String(body, StandardCharsets.US_ASCII));
            RawHttp.Response r = http.read();
            assertEquals(200, r.status(), r.body());
            assertEquals(1000, json(r).get("bodyLength").asInt(), "the retried request carried the whole body");
        }
    }

    @Test
    void aBodyLargerThanTheReplayBufferIsNotRetried() throws Exception {
        int before = a.received().size();
        String body = "y".repeat(10_000);
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /ep/retry?failFirst=1&key=post-large HTTP/1.1\r\nHost: gw\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            RawHttp.Response r = http.read();
            assertEquals(503, r.status(), r.body());
            assertEquals(1, a.received().size() - before, "a request that cannot be replayed goes up once");
        }
    }

    @Test
    void circuitBreakerOpensOnFailuresAndHalfOpensAfterTheResetTime() throws Exception {
        int before = c.received().size();
        for (int i = 0; i < 3; i++) {
            assertEquals(500, RawHttp.get(port, "/ep/breaker?status=500").status());
        }
        RawHttp.Response open = RawHttp.get(port, "/ep/breaker");
        assertEquals(503, open.status(), open.body());
        assertTrue(open.body().contains("101503") && open.body().contains("circuit breaker"), open.body());
        assertEquals(3, c.received().size() - before, "an open circuit does not reach the backend");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> RawHttp.get(port, "/ep/breaker").status() == 200);
        assertEquals(200, RawHttp.get(port, "/ep/breaker").status(), "a successful trial closed the circuit");
    }

    @Test
    void keepAliveBackendConnectionsAreReused() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                http.send("GET /ep/pooled HTTP/1.1\r\nHost: gw\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals(200, r.status(), r.body());
                ports.add(json(r).get("clientPort").asInt());
            }
            assertEquals(1, ports.stream().distinct().count(), "one pooled backend connection served all: " + ports);
        }
    }

    @Test
    void backendBasicAuthUsesThePasswordFromTheEnvironmentAndReplacesTheClientsCredentials() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /ep/basic HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer client-token\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(200, r.status(), r.body());
            String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, json(r).get("headers").get("authorization").asText());
        }
    }

    @Test
    void aBackendPasswordThatIsNotConfiguredFailsThatResourceOnlyAndNamesTheVariable() throws Exception {
        int before = a.received().size();
        RawHttp.Response r = RawHttp.get(port, "/ep/nopassword");
        assertEquals(503, r.status(), r.body());
        assertTrue(r.body().contains("ep_1_0_0_get__nopassword_prod_basic_password"), r.body());
        assertEquals(before, a.received().size(), "nothing is sent without the credentials");
        assertTrue(gateway.process().output().contains("outpost gateway: warning: API 'ep'"), gateway.process().output());
    }

    @Test
    void aNamedEndpointIsOverriddenFromTheEnvironmentTheWso2Way() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/ep/named");
        assertEquals(200, r.status(), r.body());
        assertEquals("c", json(r).get("backend").asText());
        assertEquals("/renamed/named", json(r).get("target").asText());
    }
}
