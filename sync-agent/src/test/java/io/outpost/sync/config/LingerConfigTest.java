package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.common.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batch.lingerMillis in sync.yaml: default, 0, and a refused value named by file, line and range. */
class LingerConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("sync.yaml"), yaml);
    }

    @Test
    void defaultsToOneSecondAndAcceptsZero() throws Exception {
        assertEquals(1000, SyncConfigLoader.load(file("")).batch().lingerMillis());
        assertEquals(1000, SyncConfigLoader.load(file("batch:\n  maxEvents: 10\n")).batch().lingerMillis());
        assertEquals(0, SyncConfigLoader.load(file("batch:\n  lingerMillis: 0\n")).batch().lingerMillis());
        assertEquals(new SyncConfig.Batch(10_000, 4L << 20, 3, 250),
                SyncConfigLoader.load(file("batch:\n  lingerMillis: 250\n")).batch());
    }

    @Test
    void refusesNegativeTooLongAndNonNumericValuesWithFileLineAndRange() throws Exception {
        for (String bad : List.of("-1", "600001", "1s", "0.5")) {
            Path f = file("journal: /tmp/j\nbatch:\n  lingerMillis: " + bad + "\n");
            List<String> problems = assertThrows(ConfigException.class, () -> SyncConfigLoader.load(f)).problems();
            String got = bad.equals("1s") ? "\"1s\"" : bad;
            assertEquals(List.of(f + ":3:3: batch.lingerMillis: must be a whole number from 0 to 600000 (got " + got + ")"),
                    problems);
        }
    }
}
