package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lockdown: true} in sync.yaml (docs/device.md, "Lockdown mode"): a management section is refused at its line. */
class LockdownConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("sync.yaml"), yaml);
    }

    @Test
    void offByDefaultAndKeptWithTheUpdateKeyThatImportNeeds() throws Exception {
        assertFalse(SyncConfig.defaults().lockdown());
        assertFalse(SyncConfigLoader.load(file("journal: /tmp/j\n")).lockdown());
        Files.writeString(dir.resolve("update.pub.jwk"), "{}");
        SyncConfig config = SyncConfigLoader.load(file("lockdown: true\njournal: /tmp/j\nupdates:\n  publicKey: update.pub.jwk\n"));
        assertTrue(config.lockdown());
        assertEquals(dir.resolve("update.pub.jwk"), config.updates().publicKey());
        assertTrue(config.withAdminPort(0).lockdown(), "kept when run --admin-port replaces the port");
    }

    @Test
    void managementIsRefusedWithFileLineAndFix() throws Exception {
        Path f = file("lockdown: true\njournal: /tmp/j\nmanagement:\n  url: https://mgmt.example\n");
        List<String> problems = assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems();
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.startsWith(f + ":3:1: management: lockdown: true: the agent opens no connection"), problem);
        assertTrue(problem.contains("fix: remove the management section"), problem);
        assertTrue(problem.contains("'outpost sync export --to DIR'"), problem);
    }

    @Test
    void aLockedDownConfigCannotNameAManagementUrlWhateverBuildsIt() {
        SyncConfig d = SyncConfig.defaults();
        SyncConfig.Management m = new SyncConfig.Management(URI.create("https://mgmt.example"), 1, 1, null, null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyncConfig(d.source(), d.journal(),
                d.stateDir(), m, d.batch(), d.backoff(), 0, d.updates(), d.admin(), true));
        assertTrue(e.getMessage().contains("lockdown"), e.getMessage());
    }
}
