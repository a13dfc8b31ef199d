package io.outpost.provisioning.cli;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.authority.Authority;
import io.outpost.provisioning.authority.AuthorityFiles;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.authority.AuthorityStore;
import io.outpost.provisioning.authority.KeyRotation;
import io.outpost.provisioning.pki.Pem;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost provision authority init|rotate-update-key|rotate-publisher-key DIR}. */
@Command(name = "authority", mixinStandardHelpOptions = true, versionProvider = RootVersion.class,
        description = "The offline provisioning authority: its root key certifies the update-signing and publisher keys.",
        subcommands = {AuthorityCommand.Init.class, AuthorityCommand.RotateUpdate.class, AuthorityCommand.RotatePublisher.class})
public final class AuthorityCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: init, rotate-update-key or rotate-publisher-key");
    }

    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
            "Make an authority in DIR: an Ed25519 root key (encrypted to a passphrase) with a self-signed certificate, "
                    + "and the update-signing and publisher keys it certifies.",
            "Prints the authority's SHA-256 fingerprint: installers compare it (--authority-fingerprint)."})
    static final class Init extends ProvisionCommandBase {
        @Parameters(paramLabel = "DIR", description = "new directory; keep it on an offline machine")
        Path dir;
        @Option(names = "--name", description = "the authority's common name (default: ${DEFAULT-VALUE})")
        String name = "Outpost provisioning authority";
        @Option(names = "--publisher-key", paramLabel = "FILE",
                description = "certify this existing publisher key (JWK or PEM; the public half suffices) instead of making one")
        Path publisherKey;
        @Option(names = "--passphrase-fd", paramLabel = "N", description = "read the new passphrase from descriptor N (one line) instead of a prompt")
        Integer passphraseFd;

        @Override
        int run() throws Exception {
            Ed25519Key publisher = publisherKey == null ? null : Ed25519Key.read(publisherKey);
            char[] pass = Passphrases.read(passphraseFd, "new authority passphrase", true);
            try {
                Authority a = AuthorityStore.init(new AuthorityFiles(dir), name, pass, publisher);
                out().println("authority " + a.certificate().getSubject() + " in " + dir);
                out().println("fingerprint (sha256) " + Pem.fingerprint(a.certificate()));
                out().println("update-signing key " + Ed25519Key.read(a.files().publicKey(SignedKey.UPDATE)).thumbprint());
                out().println("publisher key " + Ed25519Key.read(a.files().publicKey(SignedKey.PUBLISHER)).thumbprint());
                return 0;
            } finally {
                Arrays.fill(pass, '\0');
            }
        }
    }

    abstract static class Rotate extends ProvisionCommandBase {
        @Parameters(paramLabel = "DIR", description = "the authority directory")
        Path dir;
        @Option(names = "--passphrase-fd", paramLabel = "N", description = "read the authority passphrase from descriptor N")
        Integer passphraseFd;

        int rotate(SignedKey which, Ed25519Key replacement) throws Exception {
            char[] pass = Passphrases.read(passphraseFd, "authority passphrase", false);
            Authority a;
            try {
                a = AuthorityStore.open(new AuthorityFiles(dir), pass);
            } finally {
                Arrays.fill(pass, '\0');
            }
            String old = KeyRotation.rotate(a, which, replacement);
            out().println(which.base + " key " + Ed25519Key.read(a.files().publicKey(which)).thumbprint()
                    + (old == null ? " (there was none)" : " replaces " + old + " (kept in " + a.files().retired(which, old) + ")"));
            out().println("next: outpost provision device ... for each device, then outpost provision install on it");
            return 0;
        }
    }

    @Command(name = "rotate-update-key", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
            "Replace the update-signing key (also when it is lost or leaked): a new key, certified by the authority; the old "
                    + "one moves to DIR/retired/.",
            "Devices trust the new key once re-provisioned; publish later bundles with --key DIR/update-signing.jwk."})
    static final class RotateUpdate extends Rotate {
        @Override
        int run() throws Exception {
            return rotate(SignedKey.UPDATE, Ed25519Key.generate());
        }
    }

    @Command(name = "rotate-publisher-key", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
            "Replace the publisher (artifact-signing) key, also when lost: a new key, or --publisher-key FILE, certified by "
                    + "the authority; the old one moves to DIR/retired/.",
            "Devices trust the new key once re-provisioned; sign artifacts with the new key from then on."})
    static final class RotatePublisher extends Rotate {
        @Option(names = "--publisher-key", paramLabel = "FILE", description = "certify this key instead of making one")
        Path publisherKey;

        @Override
        int run() throws Exception {
            return rotate(SignedKey.PUBLISHER, publisherKey == null ? Ed25519Key.generate() : Ed25519Key.read(publisherKey));
        }
    }
}
