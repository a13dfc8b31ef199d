package io.outpost.gateway.security.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.security.SecuritySettings;
import io.outpost.gateway.security.introspection.IntrospectionSettings.OfflinePolicy;
import io.outpost.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code security.opaqueTokens.introspection} as gateway.yaml's reader takes it: every problem with its line and fix. */
class IntrospectionSettingsTest {

    private record Read(SecuritySettings settings, List<String> problems) {
        String problem(String text) {
            return problems.stream().filter(p -> p.contains(text)).findFirst()
                    .orElseThrow(() -> new AssertionError("no problem with '" + text + "' in " + problems));
        }
    }

    private static Read read(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        ConfigReader r = ConfigReader.open(file);
        SecuritySettings settings = SecuritySettings.read(r, "", r.root());
        List<String> problems;
        try {
            r.failIfProblems();
            problems = List.of();
        } catch (ConfigException e) {
            problems = e.problems();
        }
        return new Read(settings, problems);
    }

    @Test
    void absentMeansOff(@TempDir Path dir) throws Exception {
        assertNull(read(dir, "security:\n  removeCredential: true\n").settings().introspection());
        assertNull(read(dir, "security:\n  opaqueTokens: {}\n").settings().introspection());
    }

    @Test
    void everyKeyWithItsDefaults(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        Files.writeString(dir.resolve("km.secret"), "the-secret\n");
        Read read = read(dir, """
                security:
                  opaqueTokens:
                    introspection:
                      endpoint: https://km.example/oauth2/introspect
                      clientId: gw
                      clientSecretFile: km.secret
                      trustedCertificates: [ca/ca.pem]
                """);
        assertEquals(List.of(), read.problems());
        IntrospectionSettings s = read.settings().introspection();
        assertEquals("https://km.example/oauth2/introspect", s.endpoint().toString());
        assertEquals("the-secret", s.clientSecret(), "one line, its line end not part of it");
        assertEquals(List.of(ca.certificate()), s.trustedCertificates());
        assertEquals(2000, s.timeoutMillis());
        assertEquals(60, s.cacheSeconds());
        assertEquals(10, s.negativeCacheSeconds());
        assertEquals(10_000, s.maxCacheEntries());
        assertEquals(8, s.maxConcurrent());
        assertEquals(OfflinePolicy.FAIL_CLOSED, s.offline());
        assertFalse(s.toString().contains("the-secret"), s.toString());
        assertEquals(OfflinePolicy.TABLE_ONLY, read(dir, """
                security:
                  opaqueTokens:
                    introspection: {endpoint: "http://127.0.0.1:9443/introspect", clientId: gw, clientSecretFile: km.secret, offline: table-only}
                """).settings().introspection().offline());
    }

    @Test
    void problemsNameTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Read read = read(dir, """
                security:
                  opaqueTokens:
                    introspection:
                      endpoint: http://km.example/introspect
                      clientSecret: hunter2
                      clientSecretFile: missing.secret
                      timeoutMillis: 20000
                      offline: fail-open
                      trustedCertificates: [nope.pem]
                """);
        assertTrue(read.problem("introspection.endpoint").contains("gateway.yaml:4:"), read.problems().toString());
        assertTrue(read.problem("endpoint").contains("use https"), read.problems().toString());
        assertTrue(read.problem("clientSecret:").contains("gateway.yaml:5:"), read.problems().toString());
        assertTrue(read.problem("introspection.clientSecret:").contains("clientSecretFile"));
        assertFalse(String.join("\n", read.problems()).contains("hunter2"), "the secret is never repeated");
        assertTrue(read.problem("introspection.clientSecretFile").contains("missing.secret"));
        assertTrue(read.problem("timeoutMillis").contains("100 to 5000"));
        assertTrue(read.problem("offline").contains("fail-closed"));
        assertTrue(read.problem("clientId is required").contains("gateway.yaml:3:"));
        assertTrue(read.problem("trustedCertificates[0]").contains("nope.pem"));
        assertTrue(read(dir, "security:\n  opaqueTokens:\n    introspect: {}\n").problem("opaqueTokens.introspect")
                .contains("unknown key; expected one of introspection"));
    }
}
