package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.signing.Ed25519Key;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/wso2-extensions builds without a warning and really exercises every extension. */
class ExampleProjectTest {
    @TempDir
    Path tmp;

    @Test
    void exampleBuildsCleanlyAndCoversEveryExtension() throws Exception {
        Path project = TestProjects.repositoryRoot().resolve("examples/wso2-extensions");
        Ed25519Key key = Ed25519Key.generate();
        Path artifact = tmp.resolve("example.outpost");
        Cli.Result result = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact, "--sign-key", TestProjects.keyFile(tmp, key));
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.err().contains("warning:"), result::toString);
        VerifiedArtifact verified = TestProjects.verify(artifact, key);

        ApiDefinition inventory = TestProjects.api(verified, "inventory");
        assertEquals("/inventory/v1", inventory.basePath());
        assertEquals("warehouse", inventory.production().name());
        assertEquals(EndpointConfig.LOAD_BALANCE, inventory.production().type());
        assertNotNull(inventory.production().advance().retryConfig().maxIntervalInMillis());
        assertNotNull(inventory.production().advance().circuitBreaker().rollingWindow());
        assertEquals("inventory-service", inventory.production().security().username());
        assertEquals(EndpointConfig.FAILOVER, inventory.endpoints().get("standby").type());
        assertNotNull(inventory.sandbox());
        assertEquals("10kPerMin", inventory.throttlingTier());
        assertEquals("X-Inventory-Auth", inventory.authHeader());
        assertEquals(3600L, inventory.cors().maxAge());
        assertEquals(List.of("https"), inventory.transports());
        assertEquals("optional", inventory.mutualSsl());
        assertEquals(List.of("oauth2", "api_key"), inventory.applicationSecurity().securityTypes());
        assertNotNull(inventory.requestInterceptor());
        assertNotNull(inventory.responseInterceptor());
        Resource health = inventory.resources().stream().filter(r -> r.path().equals("/health")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, health.disableSecurity());
        assertEquals(List.of(), health.security());
        assertNotNull(health.sandbox());
        assertTrue(inventory.resources().stream().anyMatch(r -> "5PerMin".equals(r.throttlingTier())));
        assertTrue(inventory.resources().stream().anyMatch(r -> r.production() != null && "standby".equals(r.production().name())));

        ApiDefinition orders = TestProjects.api(verified, "legacy-orders");
        assertEquals("/orders/v2", orders.basePath());
        assertEquals("orders", orders.production().name());
        assertEquals(List.of("*"), orders.cors().allowOrigins());
        assertEquals(Boolean.FALSE, orders.cors().allowCredentials());
        assertEquals("http", orders.securitySchemes().get("basicAuth").type());
        assertTrue(orders.resources().stream().anyMatch(r -> "X-Order-Auth".equals(r.authHeader())));
    }
}
