package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.common.logging.LogSettings;
import io.outpost.testing.Paths;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * examples/sync/sync.yaml stays true: it loads with the real loader without a problem (the keys naming files that
 * must exist are commented), and every value it shows is the default it claims to be.
 */
class ExampleConfigTest {
    @Test
    void theExampleSyncYamlLoadsAndShowsTheDefaults() throws Exception {
        Path example = Paths.root().resolve("examples/sync/sync.yaml");
        SyncConfig config = SyncConfigLoader.load(example);
        SyncConfig d = SyncConfig.defaults();
        assertEquals(URI.create("https://mgmt.example.com"), config.management().url());
        assertEquals(d.management().connectTimeoutMillis(), config.management().connectTimeoutMillis());
        assertEquals(d.management().requestTimeoutMillis(), config.management().requestTimeoutMillis());
        assertEquals(d.stateDir(), config.stateDir());
        assertEquals(d.journal(), config.journal());
        assertEquals(d.batch(), config.batch());
        assertEquals(d.backoff(), config.backoff());
        assertEquals(0, config.uploadBytesPerSecond());
        assertEquals(d.updates(), config.updates());
        assertEquals(d.admin(), config.admin());
        assertEquals(false, config.lockdown());
        assertEquals(d.gpio(), config.gpio());
        assertEquals(LogSettings.DEFAULT, config.logging());
    }
}
