package io.outpost.sync.mgmt;

import io.outpost.sync.wire.BatchDecoder;
import io.outpost.sync.wire.BatchFiles;
import io.outpost.sync.wire.BatchFormatException;
import io.outpost.sync.wire.DecodedBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost mgmt import --from DIR}: ingests batch files carried from an air-gapped device
 * ({@code outpost sync export}) into the receiver's data folder, with the same checks and the
 * same de-duplication as the network path, so importing a stick twice changes nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = io.outpost.sync.AgentVersion.class,
        description = "Ingest exported batch files (*.ndjson.gz with .sha256) into the data folder; idempotent.")
final class MgmtImportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Folder holding the exported batch files.")
    Path from;
    @Option(names = "--data", defaultValue = "mgmt-data", description = "The receiver's data folder. Default: ./${DEFAULT-VALUE}")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(from)) {
            System.err.println("outpost mgmt import: " + from + " is not a folder");
            return 1;
        }
        List<Path> files = BatchFiles.list(from);
        if (files.isEmpty()) {
            System.out.println("no batch files (*" + BatchFiles.SUFFIX + ") under " + from);
            return 0;
        }
        long accepted = 0;
        long duplicates = 0;
        int failed = 0;
        try (EventStore store = EventStore.open(data)) {
            for (Path f : files) {
                try {
                    byte[] gz = BatchFiles.readVerified(f);
                    DecodedBatch batch;
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                        batch = BatchDecoder.decode(in, IngestHandler.MAX_NDJSON_BYTES);
                    }
                    EventStore.Result r = store.ingest(batch);
                    accepted += r.accepted();
                    duplicates += r.duplicates();
                    System.out.println(from.relativize(f) + ": " + r.accepted() + " accepted, " + r.duplicates() + " duplicates");
                } catch (BatchFormatException | IOException e) {
                    failed++;
                    System.out.println(from.relativize(f) + ": REFUSED: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.err.println("outpost mgmt import: " + e.getMessage());
            return 1;
        }
        System.out.println("imported " + files.size() + " files: " + accepted + " events accepted, " + duplicates
                + " duplicates" + (failed > 0 ? ", " + failed + " files refused" : ""));
        return failed > 0 ? 1 : 0;
    }
}
