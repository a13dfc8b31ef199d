package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gpio: section of sync.yaml: off by default, bad pins refused with file, line and fix. */
class GpioConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("sync.yaml"), yaml);
    }

    @Test
    void offByDefaultAndEachPartOptional() throws Exception {
        assertNull(SyncConfigLoader.load(file("journal: /tmp/j\n")).gpio());
        SyncConfig.Gpio g = SyncConfigLoader.load(file("gpio:\n  ledReady: 17\n  button: 23\n")).gpio();
        assertEquals(new SyncConfig.Gpio(17, -1, -1, 23, 50), g);
        assertEquals(g, SyncConfigLoader.load(file("gpio:\n  ledReady: 17\n  button: 23\n")).withAdminPort(0).gpio());
    }

    @Test
    void negativeAndDuplicatePinsNameFileLineAndFix() throws Exception {
        Path f = file("journal: /tmp/j\ngpio:\n  ledReady: -4\n  ledBacklog: 27\n  ledFault: 27\n  button: 23\n");
        List<String> problems = assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(f + ":3:"), problems.get(0));
        assertTrue(problems.get(0).contains("gpio.ledReady") && problems.get(0).contains("fix:"), problems.get(0));
        assertTrue(problems.get(1).startsWith(f + ":5:"), problems.get(1));
        assertTrue(problems.get(1).contains("already gpio.ledBacklog") && problems.get(1).contains("fix:"), problems.get(1));
    }
}
