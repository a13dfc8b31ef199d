package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("sync.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<String> problems(String yaml) throws Exception {
        Path f = file(yaml);
        return assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems();
    }

    @Test
    void emptyFileGivesDefaults() throws Exception {
        SyncConfig c = SyncConfigLoader.load(file(""));
        assertEquals(Path.of("/var/lib/outpost/journal"), c.journal());
        assertEquals(new SyncConfig.Listener("127.0.0.1", 9098), c.admin());
        assertEquals(SyncConfig.DEFAULT_BATCH, c.batch());
        assertNull(c.management().url());
        assertEquals(0, c.uploadBytesPerSecond());
    }

    @Test
    void readsEverySettingAndResolvesPathsAgainstTheFile() throws Exception {
        Files.writeString(dir.resolve("token"), "secret");
        Files.writeString(dir.resolve("update.pub.jwk"), "{}");
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.writeString(dir.resolve("device.pem"), "x");
        Files.writeString(dir.resolve("device.key.pem"), "x");
        SyncConfig c = SyncConfigLoader.load(file("""
                stateDir: state
                journal: state/j
                management:
                  url: https://mgmt.example:8443/outpost
                  connectTimeoutMillis: 2000
                  requestTimeoutMillis: 9000
                  auth:
                    bearerTokenFile: token
                    clientCert: device.pem
                    clientKey: device.key.pem
                  trustedCa: ca.pem
                batch:
                  maxEvents: 100
                  maxBytes: 65536
                backoff:
                  initialMillis: 250
                  maxMillis: 4000
                upload:
                  maxBytesPerSecond: 20000
                updates:
                  publicKey: update.pub.jwk
                  types: [revocations]
                  pollIntervalSeconds: 60
                admin:
                  host: 0.0.0.0
                  port: 0
                """));
        assertEquals(dir.resolve("state"), c.stateDir());
        assertEquals(dir.resolve("state/j"), c.journal());
        assertEquals(URI.create("https://mgmt.example:8443/outpost"), c.management().url());
        assertEquals(new SyncConfig.Management(URI.create("https://mgmt.example:8443/outpost"), 2000, 9000, dir.resolve("token"),
                dir.resolve("device.pem"), dir.resolve("device.key.pem"), dir.resolve("ca.pem")), c.management());
        assertEquals(new SyncConfig.Batch(100, 65536, 3, 1000), c.batch());
        assertEquals(new SyncConfig.Backoff(250, 4000), c.backoff());
        assertEquals(20000, c.uploadBytesPerSecond());
        assertEquals(new SyncConfig.Updates(dir.resolve("update.pub.jwk"), List.of("revocations"), 60), c.updates());
        assertEquals(new SyncConfig.Listener("0.0.0.0", 0), c.admin());
    }

    @Test
    void reportsEveryProblemWithFileLineColumnAndKey() throws Exception {
        String f = dir.resolve("sync.yaml").toString();
        List<String> p = problems("""
                journal: /tmp/j
                managment:
                  url: http://x
                management:
                  url: ftp://mgmt
                  auth:
                    clientCert: missing.pem
                batch:
                  maxEvents: lots
                  maxBytes: 10
                backoff:
                  initialMillis: 5000
                  maxMillis: 1000
                updates:
                  types: [revocations, firmware]
                admin:
                  port: 70000
                """);
        assertEquals(List.of(
                f + ":2:1: managment: unknown key; expected one of admin, backoff, batch, gpio, journal, lockdown, logging, management, stateDir, updates, upload",
                f + ":5:3: management.url: must be an http:// or https:// base URL without query (got 'ftp://mgmt')",
                f + ":7:5: management.auth.clientCert: file " + dir.resolve("missing.pem") + " does not exist or is not readable",
                f + ":7:5: management.auth.clientCert: clientCert and clientKey go together (mTLS needs both)",
                f + ":9:3: batch.maxEvents: must be a whole number from 1 to 100000 (got \"lots\")",
                f + ":10:3: batch.maxBytes: must be a whole number from 1024 to 16777216 (got 10)",
                f + ":13:3: backoff.maxMillis: must not be below backoff.initialMillis (5000)",
                f + ":15:24: updates.types[1]: unknown bundle type \"firmware\"; expected one of blocking, keys, opaque-tokens, revocations",
                f + ":17:3: admin.port: must be a whole number from 0 to 65535 (got 70000)"), p);
    }

    @Test
    void refusesCertificatesOverPlainHttpAndMalformedYaml() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        String f = dir.resolve("sync.yaml").toString();
        assertEquals(List.of(f + ":2:3: management.url: client certificates and trustedCa need an https:// URL"),
                problems("management:\n  url: http://mgmt\n  trustedCa: ca.pem\n"));
        List<String> broken = problems("management:\n  url: [unclosed\n");
        assertEquals(1, broken.size());
        assertTrue(broken.get(0).startsWith(f + ":3:1: malformed YAML"), broken.get(0));
        assertEquals(List.of(f + ":1:1: journal: must be a string (got 42)"), problems("journal: 42\n"));
        assertEquals(List.of(f + ":2:1: duplicate key 'journal'; remove one of them"), problems("journal: a\njournal: b\n"));
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.yaml");
        assertEquals(List.of(f + ": configuration file not found"),
                assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems());
    }
}
