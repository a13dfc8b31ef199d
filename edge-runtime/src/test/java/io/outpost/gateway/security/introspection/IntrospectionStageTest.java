package io.outpost.gateway.security.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.common.model.SecurityScheme;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.AuthenticationStage;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.SecurityMaterials;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Introspection as the gateway puts it together: gateway.yaml read by the loader, the material
 * built by SecurityMaterials, the authentication stage of a real route requiring scope
 * {@code write}. The pending verdict is resolved as the pipeline does.
 */
class IntrospectionStageTest {

    private static Route route() {
        Map<String, SecurityScheme> schemes = Map.of("oauth", new SecurityScheme("oauth2", null, null, null, null, List.of("write")));
        EndpointConfig backend = new EndpointConfig(null, null, List.of("http://b"), null, null);
        Resource r = new Resource("/x", "GET", null, null, null, null, null, null, List.of(), null, null,
                List.of(new SecurityRequirement(Map.of("oauth", List.of("write")))), null, null, null);
        ApiDefinition api = new ApiDefinition("Pets", "1.0.0", "/pets", "pets.yaml", backend, backend, null, null, null, null,
                null, null, null, null, null, null, null, schemes, List.of(r), null);
        return RouteTable.of(List.of(api)).routes().get(0);
    }

    private static ExchangeContext exchange(Route route, String token) throws Exception {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/pets/x");
        request.headers().add("Authorization", "Bearer " + token);
        return new ExchangeContext(request, PathNormalizer.normalize("/pets/x"), "127.0.0.1", "http", route, Map.of());
    }

    /** Runs the stage, and when it is pending, the work and the decision as the pipeline would. */
    private static Verdict run(Stage stage, ExchangeContext exchange) throws Exception {
        Verdict verdict = stage.onHead(exchange);
        while (verdict instanceof Verdict.Pending pending) {
            Object result = pending.work().toCompletableFuture().get(10, TimeUnit.SECONDS);
            verdict = pending.decide().apply(result);
        }
        return verdict;
    }

    @Test
    void theRoutesScopesBindIntrospectedTokens(@TempDir Path dir) throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-writer", "{\"active\": true, \"sub\": \"wendy\", \"client_id\": \"app-w\", \"scope\": \"read write\"}");
            km.active("opaque-reader", "{\"active\": true, \"sub\": \"rita\", \"client_id\": \"app-r\", \"scope\": \"read\"}");
            Files.writeString(dir.resolve("km.secret"), TestKeyManager.CLIENT_SECRET + "\n");
            Path yaml = dir.resolve("gateway.yaml");
            Files.writeString(yaml, """
                    listeners:
                      http: {host: 127.0.0.1, port: 0}
                    admin: {host: 127.0.0.1, port: 0}
                    stateDir: state
                    security:
                      opaqueTokens:
                        introspection:
                          endpoint: %s
                          clientId: %s
                          clientSecretFile: km.secret
                    """.formatted(km.endpoint(), TestKeyManager.CLIENT_ID));
            GatewayConfig config = GatewayConfigLoader.load(yaml);
            SecurityMaterial material = SecurityMaterials.build(config, TrustBundles.NONE, ClockFloor.system());
            Route route = route();
            Stage stage = AuthenticationStage.forRoute(route, material);

            ExchangeContext writer = exchange(route, "opaque-writer");
            assertInstanceOf(Verdict.Pending.class, stage.onHead(writer), "a miss waits off the event loop");
            ExchangeContext writerAgain = exchange(route, "opaque-writer");
            assertSame(Verdict.CONTINUE, run(stage, writerAgain));
            assertEquals("wendy", writerAgain.identity().subject());
            assertEquals("app-w", writerAgain.identity().applicationId());
            assertFalse(writerAgain.request().headers().contains("Authorization"), "the token does not reach the backend");
            ExchangeContext cached = exchange(route, "opaque-writer");
            assertSame(Verdict.CONTINUE, stage.onHead(cached), "a cached answer decides at once");

            Faults.Fault scope = assertInstanceOf(Verdict.Refuse.class, run(stage, exchange(route, "opaque-reader"))).fault();
            assertEquals(403, scope.status().code());
            assertEquals(900910, scope.code());
            Faults.Fault unknown = assertInstanceOf(Verdict.Refuse.class, run(stage, exchange(route, "opaque-nobody"))).fault();
            assertEquals(900901, unknown.code());
            assertEquals(3, km.calls.get(), "writer once (shared or cached), reader, nobody");
        }
    }
}
