package io.outpost.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.logging.LogSettings.Level;
import io.outpost.common.logging.LogSettings.Timestamps;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.yaml's and sync.yaml's logging section: every key, and each mistake reported at its line with the fix. */
class LogSettingsTest {
    @TempDir
    Path dir;

    private LogSettings read(String yaml, boolean gateway) throws IOException, ConfigException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        ConfigReader r = ConfigReader.open(file);
        LogSettings settings = LogSettings.read(r, "", r.root(), gateway);
        r.failIfProblems();
        return settings;
    }

    private List<String> problems(String yaml, boolean gateway) {
        return assertThrows(ConfigException.class, () -> read(yaml, gateway)).problems();
    }

    @Test
    void absentSectionIsInfoAutoTimestampsNoAccessLog() throws Exception {
        assertSame(LogSettings.DEFAULT, read("stateDir: /tmp\n", true));
        assertEquals(Level.INFO, LogSettings.DEFAULT.level());
        assertEquals(Timestamps.AUTO, LogSettings.DEFAULT.timestamps());
        assertFalse(LogSettings.DEFAULT.accessLog());
    }

    @Test
    void everyKey() throws Exception {
        LogSettings s = read("""
                logging:
                  level: warn
                  timestamps: iso
                  accessLog: true
                  areas:
                    backend: debug
                    security: error
                    chronicle: info
                    io.outpost.gateway.endpoint.BackendConnector: trace
                """, true);
        assertEquals(Level.WARN, s.level());
        assertEquals(Timestamps.ISO, s.timestamps());
        assertTrue(s.accessLog());
        assertEquals(Map.of("backend", Level.DEBUG, "security", Level.ERROR, "chronicle", Level.INFO,
                "io.outpost.gateway.endpoint.BackendConnector", Level.TRACE), s.areas());
    }

    @Test
    void bareOffIsOffNotABoolean() throws Exception {
        LogSettings s = read("logging:\n  timestamps: off\n  areas:\n    netty: off\n", false);
        assertEquals(Timestamps.OFF, s.timestamps());
        assertEquals(Level.OFF, s.areas().get("netty"));
    }

    @Test
    void autoTimestampsAreOffUnderSystemd() {
        assertTrue(Timestamps.AUTO.shown(Map.of()));
        assertFalse(Timestamps.AUTO.shown(Map.of("JOURNAL_STREAM", "8:1234")));
        assertFalse(Timestamps.AUTO.shown(Map.of("INVOCATION_ID", "abc")));
        assertTrue(Timestamps.ISO.shown(Map.of("INVOCATION_ID", "abc")));
        assertFalse(Timestamps.OFF.shown(Map.of()));
    }

    @Test
    void eachMistakeAtItsLineWithTheFix() {
        List<String> p = problems("""
                stateDir: /tmp
                logging:
                  level: verbose
                  timestamps: local
                  accessLog: sometimes
                  areas:
                    backend: loud
                    bakend: debug
                  colour: true
                """, true);
        assertEquals(6, p.size(), p.toString());
        assertLine(p, ":3:", "logging.level: must be one of trace, debug, info, warn, error, off (got 'verbose')");
        assertLine(p, ":4:", "logging.timestamps: must be one of auto, iso, off (got 'local')");
        assertLine(p, ":5:", "logging.accessLog: must be true or false");
        assertLine(p, ":7:", "logging.areas.backend: must be one of trace, debug");
        assertLine(p, ":8:", "logging.areas.bakend: unknown area; fix: use one of access, admin, backend");
        assertLine(p, ":9:", "logging.colour: unknown key; expected one of accessLog, areas, level, timestamps");
    }

    @Test
    void theAgentsFileHasNoAccessLog() {
        List<String> p = problems("logging:\n  accessLog: true\n", false);
        assertEquals(1, p.size(), p.toString());
        assertLine(p, ":2:", "logging.accessLog: unknown key; expected one of areas, level, timestamps");
    }

    @Test
    void areasAreLoggerNamePrefixes() {
        assertEquals(List.of("io.outpost.gateway.security"), LogAreas.prefixes("security"));
        assertEquals(List.of("net.openhft"), LogAreas.prefixes("chronicle"));
        assertEquals(List.of("com.example.Thing"), LogAreas.prefixes("com.example.Thing"));
        assertNull(LogAreas.prefixes("nonsense"));
        assertNull(LogAreas.prefixes("a..b"));
    }

    private static void assertLine(List<String> problems, String line, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(line) && p.contains(text)),
                "no problem at line " + line + " containing '" + text + "' in " + problems);
    }
}
