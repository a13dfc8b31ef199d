package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.logging.LogSettings;
import io.outpost.common.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync.yaml's logging section: the gateway's keys but the access log, mistakes at their line. */
class LoggingConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsLevelsAreasAndTimestamps() throws Exception {
        Path f = Files.writeString(dir.resolve("sync.yaml"), """
                logging:
                  level: warn
                  timestamps: off
                  areas: {forward: debug, chronicle: info}
                """);
        SyncConfig c = SyncConfigLoader.load(f);
        assertEquals(new LogSettings(LogSettings.Level.WARN, Map.of("forward", LogSettings.Level.DEBUG,
                "chronicle", LogSettings.Level.INFO), LogSettings.Timestamps.OFF, false), c.logging());
        assertEquals(LogSettings.DEFAULT, SyncConfigLoader.load(Files.writeString(dir.resolve("empty.yaml"), "stateDir: s\n")).logging());
    }

    @Test
    void theAccessLogIsTheGatewaysAndAMistakeIsReportedAtItsLine() throws Exception {
        Path f = Files.writeString(dir.resolve("sync.yaml"), """
                stateDir: s
                logging:
                  accessLog: true
                  areas:
                    forwarder: debug
                """);
        List<String> p = assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems();
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("sync.yaml:3:") && p.get(0).contains("logging.accessLog: unknown key"), p.toString());
        assertTrue(p.get(1).contains("sync.yaml:5:") && p.get(1).contains("logging.areas.forwarder: unknown area; fix: use one of"),
                p.toString());
    }
}
