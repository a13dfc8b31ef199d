package io.outpost.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.security.SecuritySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lockdown: true} in gateway.yaml (docs/device.md, "Lockdown mode"): introspection is refused at its line. */
class LockdownConfigTest {
    private static final String INTROSPECTION = """
            security:
              opaqueTokens:
                introspection:
                  endpoint: https://km.example/oauth2/introspect
                  clientId: gw
                  clientSecretFile: km.secret
            """;

    @Test
    void offByDefaultAndReadWhenSet(@TempDir Path dir) throws Exception {
        assertFalse(GatewayConfig.defaults().lockdown());
        assertFalse(GatewayConfigLoader.load(Files.writeString(dir.resolve("a.yaml"), "stateDir: state\n")).lockdown());
        GatewayConfig config = GatewayConfigLoader.load(Files.writeString(dir.resolve("b.yaml"), "lockdown: true\nstateDir: state\n"));
        assertTrue(config.lockdown());
        assertTrue(config.withPorts(0, 0).withSource(dir).withArtifact(dir).lockdown(), "kept by every with-method");
    }

    @Test
    void introspectionIsRefusedWithFileLineAndFix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("km.secret"), "s3cret\n");
        assertNotNull(GatewayConfigLoader.load(Files.writeString(dir.resolve("open.yaml"), INTROSPECTION)).security().introspection(),
                "without lockdown the same section is fine");
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), "lockdown: true\n" + INTROSPECTION);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(yaml));
        List<String> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.startsWith(yaml + ":4:"), "names the file and the line of introspection: " + problem);
        assertTrue(problem.contains("lockdown: true forbids introspection"), problem);
        assertTrue(problem.contains("fix: remove security.opaqueTokens.introspection"), problem);
    }

    @Test
    void refusedEvenWhenTheIntrospectionSectionIsItselfWrong(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                lockdown: true
                security:
                  opaqueTokens:
                    introspection: {}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(yaml));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("lockdown: true forbids introspection")), e.problems().toString());
    }

    /** A configuration built by other means than the loader cannot carry introspection either: no client is ever made. */
    @Test
    void aLockedDownConfigCannotHoldIntrospectionSettings(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("km.secret"), "s3cret\n");
        SecuritySettings withIntrospection = GatewayConfigLoader.load(Files.writeString(dir.resolve("open.yaml"), INTROSPECTION)).security();
        GatewayConfig d = GatewayConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GatewayConfig(d.source(), d.http(),
                d.admin(), d.artifact(), d.stateDir(), d.publisherKeys(), d.updateKey(), d.limits(), d.backends(), d.analytics(),
                d.drainTimeoutMillis(), d.transport(), d.trustedProxies(), d.tls(), withIntrospection, d.throttling(), true, d.logging()));
        assertTrue(e.getMessage().contains("lockdown"), e.getMessage());
    }
}
