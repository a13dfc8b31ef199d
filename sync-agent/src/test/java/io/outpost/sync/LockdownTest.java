package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent under {@code lockdown: true}: {@code run} says there is nothing to run and exits 0
 * holding no lock; export works; status says lockdown in text and JSON. (That nothing leaves the
 * box is proven by integration-tests' AirGapAuditEndToEndTest.)
 */
class LockdownTest {
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void runSaysExportAndImportOnlyAndExitsSoExportAndStatusWork(@TempDir Path dir) throws Exception {
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).extra("lockdown: true\n").write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, "locked-1")) {
            journal.append(100);
            JavaProcess.Result run = Agent.command(T, "run", "--config", config.toString(), "--admin-port", "0");
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("outpost-sync lockdown: no network; forwarding and bundle polling are off."), run.output());
            assertTrue(run.output().contains("'outpost sync export --to DIR'"), run.output());

            JavaProcess.Result status = Agent.command(T, "status", "--config", config.toString());
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(status.output().contains("agent:         not running"), status.output());
            assertTrue(status.output().contains("mode:          lockdown: no network;"), status.output());
            assertTrue(status.output().contains("backlog:       100 events"), status.output());
            JavaProcess.Result json = Agent.command(T, "status", "--config", config.toString(), "--json");
            assertTrue(json.output().contains("\"lockdown\":true"), json.output());

            JavaProcess.Result export = Agent.command(T, "export", "--config", config.toString(), "--to", dir.resolve("usb").toString());
            assertEquals(0, export.exitCode(), export.output());
            assertTrue(export.output().contains("exported 100 events in 1 files"), export.output());
        }
    }
}
