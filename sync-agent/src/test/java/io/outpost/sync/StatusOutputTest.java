package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.process.JvmOptions;
import io.outpost.journal.Acknowledgement;
import io.outpost.journal.RollPeriod;
import io.outpost.testing.Paths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost sync status --json} prints the JSON object alone on stdout, whatever the journal
 * reader logs on the way (stderr), and the short form of the command answers without picocli.
 */
class StatusOutputTest {
    @TempDir
    Path dir;

    @Test
    void stdoutCarriesTheJsonAloneAndLogsGoToStderr() throws Exception {
        Path journalDir = dir.resolve("journal");
        Path config = new SyncYaml(journalDir, dir.resolve("state")).url("http://127.0.0.1:9").write(dir.resolve("sync.yaml"));
        try (Journal journal = Journal.create(journalDir, "status-out", s -> s.withRollPeriod(RollPeriod.SECONDLY))) {
            // An acknowledged cycle that the gateway then deletes: the reader logs that the
            // acknowledged index is gone when status measures the backlog (the agent is stopped).
            journal.append(10);
            Acknowledgement.write(journalDir, journal.writer.epoch(), journal.lastIndex());
            long second = System.currentTimeMillis() / 1000;
            await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() / 1000 > second);
            journal.append(7);
            await().until(() -> Files.list(journalDir).filter(p -> p.toString().endsWith(".cq4")).count() == 1);

            for (String[] args : List.of(new String[] {"status", "--config", config.toString(), "--json"},
                    new String[] {"status", "--json", "--config=" + config})) {
                Output out = run(args);
                assertEquals(0, out.exitCode(), out.toString());
                List<String> lines = out.stdout().lines().toList();
                assertEquals(1, lines.size(), "stdout is the JSON alone: " + out);
                JsonNode status = Json.mapper().readTree(lines.get(0));
                assertEquals(7, status.path("backlogEvents").asLong(), out.toString());
                assertEquals("journal", status.path("backlogFrom").asText());
                assertTrue(out.stderr().contains("is no longer in"), "the reader's log line is on stderr: " + out);
            }
        }
    }

    private record Output(int exitCode, String stdout, String stderr) {}

    /** The agent's main with stdout and stderr kept apart (the tests' JavaProcess merges them). */
    private Output run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmOptions.load(Paths.root().resolve("jvm.properties")).forRole("sync"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Agent.MAIN));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("status did not finish");
        }
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
