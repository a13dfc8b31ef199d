package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outpost mgmt bundle ...}: publishing signed update bundles. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Signed update bundles.",
        subcommands = {BundleCommand.Publish.class})
final class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (publish)");
    }

    /** {@code outpost mgmt bundle publish}: signs content as the next bundle of a type. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Sign a JSON file as an update bundle and write it to <to>/<type>/<sequence>.jws.")
    static final class Publish implements Callable<Integer> {
        @Option(names = "--type", required = true, description = "revocations, keys or opaque-tokens")
        String type;
        @Option(names = "--sequence", description = "Sequence number (default: one above the highest published).")
        Long sequence;
        @Option(names = "--content", required = true, description = "JSON file with the bundle's content.")
        Path content;
        @Option(names = "--key", required = true, description = "Update-signing private key (Ed25519 JWK or PEM).")
        Path key;
        @Option(names = "--to", required = true, description = "Bundles folder (what 'serve --bundles' serves).")
        Path to;

        @Override
        public Integer call() {
            try {
                if (!UpdateBundle.TYPES.contains(type)) {
                    throw new IllegalArgumentException("unknown type '" + type + "'; one of " + UpdateBundle.sortedTypes());
                }
                Ed25519Key signer = Ed25519Key.read(key);
                if (!signer.isPrivate()) {
                    throw new IllegalArgumentException(key + " holds only a public key; publishing needs the private key");
                }
                JsonNode body = Json.mapper().readTree(Files.readAllBytes(content));
                if (body == null || body.isMissingNode()) {
                    throw new IllegalArgumentException(content + " is empty");
                }
                BundleFolder folder = new BundleFolder(to);
                long seq = sequence != null ? sequence : nextSequence(folder);
                byte[] jws = UpdateBundles.sign(new UpdateBundle(type, seq, Instant.now(), body), signer);
                Path file = folder.publish(type, seq, jws);
                System.out.println("published " + type + " sequence " + seq + " -> " + file + " (signed by " + signer.thumbprint() + ")");
                return 0;
            } catch (KeyException | IOException | IllegalArgumentException e) {
                System.err.println("outpost mgmt bundle publish: " + e.getMessage());
                return 1;
            }
        }

        private long nextSequence(BundleFolder folder) throws IOException {
            BundleFolder.Published latest = folder.latest(type);
            return latest == null ? 1 : latest.sequence() + 1;
        }
    }
}
