package io.outpost.sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.testing.Paths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented example must stay loadable: on a machine without its key files, those are its only problems. */
class ExampleConfigTest {
    @Test
    void theExampleSyncYamlHasNoUnknownKeysOrBadValues() {
        Path example = Paths.root().resolve("examples/sync/sync.yaml");
        List<String> problems = assertThrows(ConfigException.class, () -> SyncConfigLoader.load(example)).problems();
        assertEquals(4, problems.size(), String.join("\n", problems));
        for (String p : problems) {
            assertTrue(p.contains("/etc/outpost/") && p.endsWith("does not exist or is not readable"), p);
        }
    }
}
