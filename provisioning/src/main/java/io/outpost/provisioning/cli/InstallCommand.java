package io.outpost.provisioning.cli;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.bundle.AuthorityTrust;
import io.outpost.provisioning.bundle.InstallReport;
import io.outpost.provisioning.bundle.Installer;
import io.outpost.provisioning.bundle.Layout;
import io.outpost.provisioning.bundle.ProvisioningBundle;
import io.outpost.provisioning.pki.Pem;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost provision install BUNDLE --root DIR}: verify, then write the device's files atomically. */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
        "Verify a provisioning bundle and install it into ROOT/etc/outpost and ROOT/var/lib/outpost (private keys 0600, "
                + "owned by the service user when run as root), plus the systemd drop-ins its configuration needs.",
        "The authority is --authority-cert, else the one a previous install left, else --authority-fingerprint. "
                + "Installing the same bundle again changes nothing."})
final class InstallCommand extends ProvisionCommandBase {
    @Parameters(paramLabel = "BUNDLE") Path bundle;
    @Option(names = "--root", paramLabel = "DIR", description = "install root (default: /)") Path root = Path.of("/");
    @Option(names = "--authority-cert", paramLabel = "FILE", description = "the authority's authority.pem, brought apart from the bundle")
    Path authorityCert;
    @Option(names = "--authority-fingerprint", paramLabel = "SHA256", description = "the fingerprint authority init printed")
    String authorityFingerprint;
    @Option(names = "--passphrase-fd", paramLabel = "N", description = "read the device-key passphrase from descriptor N")
    Integer passphraseFd;

    @Override
    int run() throws Exception {
        Ed25519Key key = AuthorityTrust.resolve(bundle, authorityCert, authorityFingerprint, root);
        ProvisioningBundle b = ProvisioningBundle.read(bundle, key);
        var authority = Pem.certificates(b.bytes(Layout.AUTHORITY_CERT)).get(0);
        InstallReport report = Installer.install(b, authority, root,
                () -> Passphrases.read(passphraseFd, "device key passphrase", false), Instant.now());
        for (String f : report.written()) {
            out().println("wrote " + root.resolve(f));
        }
        for (String f : report.removed()) {
            out().println("removed " + root.resolve(f));
        }
        out().println("device " + b.descriptor().device() + ": " + report.written().size() + " written, "
                + report.unchanged().size() + " unchanged");
        for (String note : report.notes()) {
            err().println("note: " + note);
        }
        return 0;
    }
}
