package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WSO2-style definition with endpoints by reference ({@code x-wso2-endpoints}), load balancing,
 * failover, advanceEndpointConfig and backend basic auth, taken through the real CLI (init, build)
 * and served by a real gateway whose URLs and password come from the environment the WSO2 way.
 */
class Wso2EndpointsEndToEndTest {

    @Test
    void endpointsByReferenceAreBuiltAndServedWithEnvironmentOverrides(@TempDir Path work) throws Exception {
        try (EchoBackend a = new EchoBackend("a"); EchoBackend b = new EchoBackend("b");
             EchoBackend c = new EchoBackend("c")) {
            Path definition = work.resolve("orders.yaml");
            Files.writeString(definition, """
                    openapi: 3.0.0
                    info: {title: Orders, version: 1.0.0}
                    x-wso2-basePath: /orders/v1
                    x-wso2-disable-security: true
                    x-wso2-production-endpoints: "#/x-wso2-endpoints/ordersBackend"
                    paths:
                      /orders:
                        get:
                          operationId: listOrders
                          responses: {"200": {description: ok}}
                      /reports:
                        get:
                          operationId: reports
                          x-wso2-production-endpoints: "#/x-wso2-endpoints/reportsBackend"
                          responses: {"200": {description: ok}}
                    x-wso2-endpoints:
                      - ordersBackend:
                          urls:
                            - https://orders-1.example.invalid/api
                            - https://orders-2.example.invalid/api
                          type: load_balance
                      - reportsBackend:
                          urls:
                            - http://127.0.0.1:1/reports
                            - https://reports-2.example.invalid/reports
                          type: failover
                          advanceEndpointConfig:
                            timeoutInMillis: 2000
                          securityConfig:
                            type: basic
                            username: reporter
                    """);
            Path home = work.resolve("home");
            JavaProcess.Result init = Cli.toolkit(work, home, "init", "orders", "-a", definition.toString());
            assertEquals(0, init.exitCode(), init.output());
            JavaProcess.Result build = Cli.toolkit(work, home, "build", work.resolve("orders").toString());
            assertEquals(0, build.exitCode(), build.output());
            Files.writeString(work.resolve("gateway.yaml"), """
                    listeners: {http: {host: 127.0.0.1, port: 0}}
                    admin: {host: 127.0.0.1, port: 0}
                    stateDir: state
                    trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
                    artifact: orders/target/orders-1.0.0.outpost
                    """);
            try (JavaProcess gateway = JavaProcess.gateway("--config", work.resolve("gateway.yaml").toString())
                    .env("ordersBackend_prod_endpoint_0", a.url("/api"))
                    .env("ordersBackend_prod_endpoint_1", b.url("/api"))
                    .env("reportsBackend_prod_endpoint_1", c.url("/reports"))
                    .env("reportsBackend_prod_basic_password", "pw")
                    .start()) {
                Matcher ready = gateway.awaitLine("ready http=[^:]+:(\\d+)", Duration.ofSeconds(60));
                int port = Integer.parseInt(ready.group(1));

                Map<String, Integer> hits = new HashMap<>();
                for (int i = 0; i < 4; i++) {
                    JsonNode echo = json(RawHttp.get(port, "/orders/v1/orders"));
                    assertEquals("/api/orders", echo.get("target").asText());
                    hits.merge(echo.get("backend").asText(), 1, Integer::sum);
                }
                assertEquals(Map.of("a", 2, "b", 2), hits, "load balanced over the overridden URLs");

                // The first failover URL (kept from the definition) refuses connections; the second,
                // overridden, answers with the credentials from the environment.
                RawHttp.Response report = RawHttp.get(port, "/orders/v1/reports");
                assertEquals(200, report.status(), report.body());
                JsonNode echo = json(report);
                assertEquals("c", echo.get("backend").asText());
                assertEquals("/reports/reports", echo.get("target").asText());
                assertTrue(echo.get("headers").get("authorization").asText().startsWith("Basic "), echo.toString());
            }
        }
    }

    private static JsonNode json(RawHttp.Response response) {
        assertEquals(200, response.status(), response.body());
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
