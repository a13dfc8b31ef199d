package io.outpost.sync;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalWriter;
import io.outpost.journal.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Not a command: the training run for {@code outpost sync status}'s class-data sharing archive.
 * The launcher runs it once per build of the jars with {@code -XX:ArchiveClassesAtExit} (docs/sync.md),
 * so every class the status command loads is in the archive, above all Chronicle's, whose loading is
 * most of a status that reads the journal itself. It writes a small journal in a temporary
 * directory and runs the status command on it, both outputs, with its stdout thrown away.
 */
public final class StatusTraining {
    private StatusTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("outpost-status-training");
        PrintStream stdout = System.out;
        try {
            Path journal = dir.resolve("journal");
            long epoch;
            try (JournalWriter writer = JournalWriter.open(JournalSettings.defaults(journal).withMinFreeBytes(0),
                    "status-training")) {
                for (int i = 0; i < 10; i++) {
                    writer.offer(ExchangeRecord.builder().timeMillis(System.currentTimeMillis()).apiName("training")
                            .method("GET").status(200).outcome(Outcome.COMPLETED).build());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (writer.stats().appended() < 10 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                epoch = writer.epoch();
            }
            String[] json = {"status", "--config", dir.resolve("sync.yaml").toString(), "--json"};
            String[] text = {"status", "--config", json[2]};
            Files.writeString(dir.resolve("sync.yaml"), "journal: " + journal + "\nstateDir: " + dir + "\n");
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            StatusCommand.runWithoutPicocli(json); // no agent has run: the backlog is sized by a scan
            Files.writeString(dir.resolve("sync-status.json"), "{\"pid\":1,\"deviceId\":\"status-training\",\"epoch\":"
                    + epoch + ",\"updatedAtMillis\":1,\"pendingBytesPerEvent\":500,\"bundles\":{}}");
            StatusCommand.runWithoutPicocli(json); // a stopped agent's status file
            StatusCommand.runWithoutPicocli(text);
        } finally {
            System.setOut(stdout);
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
