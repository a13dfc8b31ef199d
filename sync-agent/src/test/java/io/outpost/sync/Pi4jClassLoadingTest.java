package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Without a gpio: section no Pi4J class is loaded" (docs/device.md), checked on a real agent process
 * with Pi4J on its class path: the JVM's class-loading log ({@code -verbose:class}) of an agent that
 * has started (its GPIO step is behind it once it waits for the gateway's journal) names no
 * {@code com.pi4j} class; the same agent with a gpio: section does load them, so the probe sees them.
 */
class Pi4jClassLoadingTest {
    @TempDir
    Path dir;

    @Test
    void anAgentWithoutGpioLoadsNoPi4jClass() throws Exception {
        List<String> pi4j = pi4jClassesLoaded("");
        assertTrue(pi4j.isEmpty(), "Pi4J classes loaded without gpio: in sync.yaml: " + pi4j);
    }

    /** The positive control; also: the linuxfs plugin loads with jsch excluded (sync-agent's pom). */
    @Test
    void anAgentWithGpioLoadsPi4jAndItsLinuxfsPluginWithoutJsch() throws Exception {
        List<String> pi4j = pi4jClassesLoaded("gpio:\n  ledReady: 17\n");
        assertFalse(pi4j.isEmpty(), "the probe sees Pi4J when it is used");
        assertTrue(pi4j.stream().anyMatch(l -> l.contains("com.pi4j.plugin.linuxfs.LinuxFsPlugin ")), pi4j.toString());
        assertFalse(System.getProperty("java.class.path").contains("jsch"), "jsch is not on the agent's class path");
    }

    private List<String> pi4jClassesLoaded(String gpioYaml) throws Exception {
        Path config = new SyncYaml(dir.resolve("no-journal-yet"), dir.resolve("state")).url("http://127.0.0.1:9/")
                .extra(gpioYaml).write(dir.resolve("sync.yaml"));
        try (JavaProcess agent = JavaProcess.of("sync", Agent.MAIN, "run", "--config", config.toString(), "--admin-port", "0")
                .jvmArgs("-verbose:class").start()) {
            // After the GPIO step: the agent now waits for the gateway to create its journal.
            agent.awaitLine("waiting for the gateway to create its journal", Duration.ofSeconds(30));
            return agent.output().lines().filter(l -> l.startsWith("[") && l.contains("com.pi4j.")).toList();
        }
    }
}
