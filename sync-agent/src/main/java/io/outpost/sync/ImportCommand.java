package io.outpost.sync;

import io.outpost.common.bundle.BundleStore;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.updates.MediaImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outpost sync import --from DIR}: update bundles from removable media, with the network path's checks. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Install signed update bundles (*.jws) from DIR into the gateway's state directory.")
final class ImportCommand extends AgentCommand {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "Folder holding bundle files.")
    Path from;

    @Override
    public Integer call() {
        SyncConfig config = loadConfig();
        if (config == null) {
            return EXIT_CONFIG;
        }
        if (config.updates().publicKey() == null) {
            System.err.println("outpost sync import: updates.publicKey is not set in " + config.source()
                    + "; bundles cannot be verified without it");
            return EXIT_CONFIG;
        }
        if (!Files.isDirectory(from)) {
            System.err.println("outpost sync import: " + from + " is not a folder");
            return EXIT_FAILURE;
        }
        try {
            Ed25519Key key = Ed25519Key.read(config.updates().publicKey());
            BundleStore store = new BundleStore(config.stateDir());
            List<MediaImport.FileResult> results = MediaImport.run(from, store, key);
            if (results.isEmpty()) {
                System.out.println("no bundle files (*.jws) under " + from);
                return 0;
            }
            long refused = 0;
            for (MediaImport.FileResult r : results) {
                System.out.println(from.relativize(r.file()) + ": " + (r.type() == null ? "" : r.type() + " " + r.sequence() + ": ") + r.outcome());
                refused += r.refused() ? 1 : 0;
            }
            System.out.println(results.size() + " bundle files, " + refused + " refused; installed bundles are in " + store.directory());
            return refused > 0 ? EXIT_FAILURE : 0;
        } catch (KeyException e) {
            System.err.println("outpost sync import: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IOException e) {
            System.err.println("outpost sync import: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }
}
