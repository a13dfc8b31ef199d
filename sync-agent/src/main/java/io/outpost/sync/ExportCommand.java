package io.outpost.sync;

import io.outpost.journal.Acknowledgement;
import io.outpost.journal.JournalReader;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.forward.BatchFiller;
import io.outpost.sync.status.AgentLock;
import io.outpost.sync.wire.BatchFiles;
import io.outpost.sync.wire.EncodedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost sync export --to DIR}: the air-gapped path. Writes every pending event as batch
 * files (the exact bytes a POST would carry, plus SHA-256 sidecars) and acknowledges each file
 * once it is on the medium, so the gateway may reclaim the space. A crash between the two only
 * means a file is exported again next time; {@code outpost mgmt import} de-duplicates.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Write pending events to DIR as checksummed batch files and acknowledge them.")
final class ExportCommand extends AgentCommand {
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target folder (e.g. a mounted USB stick).")
    Path to;

    @Override
    public Integer call() {
        SyncConfig config = loadConfig();
        if (config == null) {
            return EXIT_CONFIG;
        }
        try (AgentLock lock = AgentLock.acquire(config.lockFile());
             JournalReader reader = Journals.openExisting(config.journal())) {
            Files.createDirectories(to);
            long acknowledged = Acknowledgement.read(config.journal(), reader.epoch()).orElse(-1);
            long total = reader.pendingAfter(acknowledged);
            BatchFiller filler = new BatchFiller(reader, config.batch().maxEvents(), config.batch().maxBytes(), config.batch().gzipLevel());
            filler.rewind(acknowledged);
            System.out.println("exporting " + total + " pending events of device " + reader.deviceId() + " to " + to);
            long exported = 0;
            long files = 0;
            long bytes = 0;
            long lastReport = System.nanoTime();
            for (EncodedBatch batch; (batch = filler.fill()) != null; ) {
                BatchFiles.write(to, batch);
                Acknowledgement.write(config.journal(), batch.header().epoch(), batch.header().lastIndex());
                exported += batch.header().count();
                files++;
                bytes += batch.gzip().length;
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    System.out.printf("  %d of %d events (%d%%), %d files, %s%n", exported, total,
                            total == 0 ? 100 : exported * 100 / Math.max(total, exported), files, StatusCommand.bytes(bytes));
                    lastReport = System.nanoTime();
                }
            }
            System.out.println("exported " + exported + " events in " + files + " files (" + StatusCommand.bytes(bytes)
                    + ") to " + to + "; they are acknowledged, so the gateway may delete them from its journal");
            return 0;
        } catch (IOException e) {
            System.err.println("outpost sync export: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }
}
