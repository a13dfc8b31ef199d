package io.outpost.it;

import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The sync agent and the reference receiver as real processes, started and awaited until ready. */
final class SyncProcesses {
    private SyncProcesses() {}

    /**
     * Writes the agent's sync.yaml the end-to-end tests share: the gateway's journal, the agent's own
     * state directory, the receiver's URL, short timeouts and back-off; {@code extra} is appended as
     * further top-level YAML ("" for none).
     */
    static Path syncYaml(Path file, Path journal, Path stateDir, String url, String extra) throws IOException {
        return Files.writeString(file, """
                journal: %s
                stateDir: %s
                management:
                  url: %s
                  requestTimeoutMillis: 5000
                backoff:
                  initialMillis: 100
                  maxMillis: 1000
                """.formatted(journal, stateDir, url) + extra);
    }

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
