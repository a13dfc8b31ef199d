package io.outpost.sync.mgmt;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.bundle.content.BundleContents;
import io.outpost.common.bundle.content.InvalidContentException;
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
@Command(name = "bundle", mixinStandardHelpOptions = true, versionProvider = io.outpost.sync.AgentVersion.class,
        description = "Signed update bundles.",
        subcommands = {BundleCommand.Publish.class})
final class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (publish)");
    }

    /**
     * {@code outpost mgmt bundle publish}: checks a JSON file against its type's schema
     * (docs/management-api.yaml) and signs it as the next bundle of that type. Each bundle is a full
     * snapshot of its type: devices may skip sequences and keep only the newest.
     */
    @Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = io.outpost.sync.AgentVersion.class,
            description = {"Check a JSON file against its type's schema, sign it as an update bundle and write it "
                    + "to <to>/<type>/<sequence>.jws.",
                    "keys: {issuers, apiKeyIssuers, clientCas, pinnedFingerprints}; revocations: [{jti|subject|clientId, "
                            + "expiresAt}]; opaque-tokens: [{sha256, subject, clientId, scopes, expiresAt, keyType, "
                            + "application, subscriptions}]; blocking: {ips, applications, users, apis}. "
                            + "Each bundle replaces the previous one of its type whole."})
    static final class Publish implements Callable<Integer> {
        @Option(names = "--type", required = true, description = "revocations, keys, opaque-tokens or blocking")
        String type;
        @Option(names = "--sequence", description = "Sequence number, above the highest published (default: one above it).")
        Long sequence;
        @Option(names = "--content", required = true, description = "JSON file with the bundle's content.")
        Path content;
        @Option(names = "--key", required = true, description = "Update-signing private key (Ed25519 JWK or PEM).")
        Path key;
        @Option(names = "--to", required = true, description = "Bundles folder (what 'serve --bundles' serves).")
        Path to;
        /** A gateway applies bundles up to a twentieth of its heap: 3.1 MB at the default -Xmx64m (docs/security.md). */
        @Option(names = "--max-bytes", defaultValue = "3145728",
                description = "Refuse a signed bundle larger than this (default ${DEFAULT-VALUE}: what a gateway with the default 64 MB heap applies).")
        long maxBytes;

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
                JsonNode body = readJson(content);
                BundleContents.parse(type, body); // refused here, named by field, rather than by every device
                BundleFolder folder = new BundleFolder(to);
                long seq = sequence(folder);
                byte[] jws = UpdateBundles.sign(new UpdateBundle(type, seq, Instant.now(), body), signer);
                if (jws.length > maxBytes) {
                    throw new IllegalArgumentException("the signed " + type + " bundle would be " + jws.length
                            + " bytes, above --max-bytes " + maxBytes + ": devices would refuse it (a gateway applies bundles "
                            + "of up to a twentieth of its heap, 3.1 MB at -Xmx64m); publish fewer entries, or raise "
                            + "--max-bytes for devices with more heap. Nothing published");
                }
                Path file = folder.publish(type, seq, jws);
                System.out.println("published " + type + " sequence " + seq + " -> " + file + " (signed by " + signer.thumbprint() + ")");
                return 0;
            } catch (InvalidContentException e) {
                System.err.println("outpost mgmt bundle publish: " + content + " is not a valid " + type + " bundle, nothing published:");
                e.problems().forEach(p -> System.err.println("  " + p));
                return 1;
            } catch (KeyException | IOException | IllegalArgumentException e) {
                System.err.println("outpost mgmt bundle publish: " + e.getMessage());
                return 1;
            }
        }

        /** Devices install only a higher sequence, so a lower one would never be applied anywhere. */
        private long sequence(BundleFolder folder) throws IOException {
            BundleFolder.Published latest = folder.latest(type);
            long highest = latest == null ? 0 : latest.sequence();
            if (sequence == null) {
                return highest + 1;
            }
            if (sequence < highest) {
                throw new IllegalArgumentException("--sequence " + sequence + " is below the highest published " + type
                        + " sequence " + highest + "; devices would never apply it (publish " + (highest + 1) + " or more)");
            }
            return sequence;
        }

        /** Strict JSON: a key given twice would leave the signed content ambiguous to a reader. */
        private static JsonNode readJson(Path file) throws IOException {
            JsonNode body;
            try {
                body = Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(Files.readAllBytes(file));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                var at = e.getLocation();
                throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage()
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            }
            if (body == null || body.isMissingNode()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return body;
        }
    }
}
