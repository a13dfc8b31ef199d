package io.outpost.gateway.throttling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throttling} in gateway.yaml: defaults, every key, and each mistake at its line. */
class ThrottleSettingsTest {
    @TempDir
    Path dir;

    private record Read(ThrottleSettings settings, List<String> problems) {}

    private Read read(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        ConfigReader r = ConfigReader.open(file);
        ThrottleSettings settings = ThrottleSettings.read(r, "", r.root());
        try {
            r.failIfProblems();
            return new Read(settings, List.of());
        } catch (ConfigException e) {
            return new Read(settings, e.problems());
        }
    }

    @Test
    void absentIsTheDefault() throws Exception {
        assertSame(ThrottleSettings.DEFAULT, read("transport: auto\n").settings());
        assertTrue(ThrottleSettings.DEFAULT.enabled());
        assertEquals(10_000, ThrottleSettings.DEFAULT.maxKeysPerPolicy());
        assertEquals(60, ThrottleSettings.DEFAULT.snapshotSeconds());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Read read = read("""
                throttling:
                  enabled: false
                  maxKeysPerPolicy: 500
                  snapshotIntervalSeconds: 0
                  rateLimitFields: refusals
                  perAddress: {count: 50, unitTime: 2, timeUnit: min}
                """);
        assertEquals(List.of(), read.problems());
        ThrottleSettings s = read.settings();
        assertFalse(s.enabled());
        assertEquals(500, s.maxKeysPerPolicy());
        assertEquals(0, s.snapshotSeconds());
        assertFalse(s.fieldsOnEveryResponse());
        assertEquals(new ThrottleSettings.PerAddress(50, 120_000), s.perAddress());
    }

    @Test
    void eachMistakeIsReportedAtItsLine() throws Exception {
        List<String> problems = read("""
                throttling:
                  maxKeysPerPolicy: 5
                  rateLimitFields: sometimes
                  perAddress: {count: 50, timeUnit: fortnight}
                  burst: 3
                """).problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(":2:") && p.contains("maxKeysPerPolicy")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(":3:") && p.contains("'always'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(":4:") && p.contains("sec, min, hour or day")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("burst")), problems.toString());
        assertTrue(read("throttling:\n  perAddress: {unitTime: 1}\n").problems().get(0).contains("needs 'count'"));
    }
}
