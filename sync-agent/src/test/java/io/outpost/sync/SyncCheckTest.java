package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outpost sync --check} (issue 16): what run would start with, verified without binding, writing or connecting. */
class SyncCheckTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static Path config(Path dir, String extra) throws Exception {
        return new SyncYaml(dir.resolve("journal"), dir.resolve("state")).url("http://127.0.0.1:1/").extra(extra)
                .write(dir.resolve("sync.yaml"));
    }

    @Test
    void aGoodConfigurationPrintsWhatWouldRunAndWritesNothing(@TempDir Path dir) throws Exception {
        Path yaml = config(dir, "");
        JavaProcess.Result r = Agent.command(LIMIT, "--check", "--config", yaml.toString(), "--admin-port", "0");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("management http://127.0.0.1:1/"), r.output());
        assertTrue(r.output().contains("run waits for the gateway to create it"), r.output());
        assertTrue(r.output().contains("check passed"), r.output());
        assertFalse(Files.exists(dir.resolve("state")), "--check created the state directory");
    }

    @Test
    void aBadUpdateKeyIsAConfigurationError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("update.pub.jwk"), "not a key");
        Path yaml = config(dir, "updates:\n  publicKey: update.pub.jwk\n");
        JavaProcess.Result r = Agent.command(LIMIT, "--check", "--config", yaml.toString());
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("updates.publicKey"), r.output());
    }

    @Test
    void anAdminPortHeldByAnotherProcessNamesTheSetting(@TempDir Path dir) throws Exception {
        try (ServerSocket foreign = new ServerSocket()) {
            foreign.bind(new InetSocketAddress("127.0.0.1", 0));
            Path yaml = config(dir, "admin:\n  host: 127.0.0.1\n  port: " + foreign.getLocalPort() + "\n");
            JavaProcess.Result r = Agent.command(LIMIT, "--check", "--config", yaml.toString());
            assertEquals(SyncCheck.EXIT_BIND, r.exitCode(), r.output());
            assertTrue(r.output().contains("port " + foreign.getLocalPort() + " is in use (admin.port in " + yaml
                    + ", or --admin-port)"), r.output());
        }
    }
}
