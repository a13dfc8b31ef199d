package io.outpost.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.logging.LogSettings;
import io.outpost.testing.Paths;
import org.junit.jupiter.api.Test;

/**
 * examples/gateway/gateway.yaml stays true: it loads with the real loader without a problem (the keys naming files
 * that must exist are commented), and every value it shows is the default it claims to be.
 */
class ExampleGatewayYamlTest {
    @Test
    void theExampleGatewayYamlLoadsAndShowsTheDefaults() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(Paths.root().resolve("examples/gateway/gateway.yaml"));
        GatewayConfig d = GatewayConfig.defaults();
        assertEquals(d.http(), config.http());
        assertEquals(d.admin(), config.admin());
        assertNull(config.artifact());
        assertEquals(d.stateDir(), config.stateDir());
        assertTrue(config.publisherKeys().isEmpty());
        assertNull(config.updateKey());
        assertEquals(d.limits(), config.limits());
        assertEquals(d.backends(), config.backends());
        assertEquals(d.analytics(), config.analytics());
        assertEquals(d.drainTimeoutMillis(), config.drainTimeoutMillis());
        assertEquals(d.transport(), config.transport());
        assertTrue(config.trustedProxies().isEmpty());
        assertEquals(d.tls(), config.tls());
        assertEquals(d.throttling(), config.throttling());
        assertEquals(d.lockdown(), config.lockdown());
        assertEquals(LogSettings.DEFAULT, config.logging());
        assertEquals(d.security(), config.security());
    }
}
