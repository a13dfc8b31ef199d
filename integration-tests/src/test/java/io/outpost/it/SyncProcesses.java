package io.outpost.it;

import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The sync agent and the reference receiver as real processes, started and awaited until ready. */
final class SyncProcesses {
    private SyncProcesses() {}

    static JavaProcess startAgent(Path config) throws IOException {
        JavaProcess p = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run", "--config", config.toString(),
                "--admin-port", "0").start();
        p.awaitLine("outpost-sync ready", Duration.ofSeconds(60));
        return p;
    }

    static JavaProcess startReceiver(Path data, int port) throws IOException {
        JavaProcess p = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", Integer.toString(port),
                "--data", data.toString()).start();
        p.awaitLine("outpost-mgmt ready", Duration.ofSeconds(60));
        return p;
    }
}
