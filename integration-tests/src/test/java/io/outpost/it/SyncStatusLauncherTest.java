package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalWriter;
import io.outpost.journal.Outcome;
import io.outpost.testing.Paths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./outpost sync status} with the agent stopped, as an operator runs it: the launcher makes
 * the class-data sharing archive on the first call after a build (a training run), and the status
 * then loads Chronicle from it. Both calls answer the same, on stdout alone.
 */
class SyncStatusLauncherTest {
    private static final int EVENTS = 25;

    @Test
    void theFirstCallTrainsTheArchiveAndTheNextLoadsChronicleFromIt(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(journal).withMinFreeBytes(0), "status-cds")) {
            for (int i = 0; i < EVENTS; i++) {
                writer.offer(ExchangeRecord.builder().timeMillis(System.currentTimeMillis()).apiName("a").method("GET")
                        .status(200).outcome(Outcome.COMPLETED).build());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().appended() == EVENTS);
        }
        Path config = Files.writeString(dir.resolve("sync.yaml"), "journal: " + journal + "\nstateDir: " + dir + "\n");
        Path archive = Paths.root().resolve("sync-agent/target/sync-status.jsa");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(archive.resolveSibling("sync-status.jsa.failed"));

        Run first = status(dir, config, "");
        assertTrue(Files.size(archive) > 0, "the first call made the archive");
        Path classes = dir.resolve("classes.log");
        Run second = status(dir, config, "-Xlog:class+load:file=" + classes);
        for (Run r : List.of(first, second)) {
            assertEquals(0, r.exit, r.toString());
            assertEquals("", r.stderr, "nothing but the answer: " + r);
            JsonNode j = Json.mapper().readTree(r.stdout);
            assertEquals(EVENTS, j.path("backlogEvents").asLong(), r.toString());
            assertEquals("journal", j.path("backlogFrom").asText(), r.toString());
        }
        assertTrue(Files.readString(classes).lines().anyMatch(l -> l.contains("impl.single.StoreTailer source: shared objects file (top)")),
                "Chronicle's classes come from the archive");
    }

    private record Run(int exit, String stdout, String stderr) {}

    /** {@code ./outpost sync status --json} through bash, stdout and stderr apart. */
    private static Run status(Path dir, Path config, String javaOpts) throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(Paths.root().resolve("outpost").toString(), "sync", "status", "--config",
                config.toString(), "--json").redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OUTPOST_JAVA_OPTS", javaOpts);
        pb.environment().remove("OUTPOST_CLASSPATH");
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("outpost sync status did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                Files.readString(err, StandardCharsets.UTF_8).strip());
    }
}
