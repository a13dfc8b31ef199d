package io.outpost.provisioning.cli;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.bundle.AuthorityTrust;
import io.outpost.provisioning.bundle.Inspection;
import io.outpost.provisioning.bundle.ProvisioningBundle;
import io.outpost.provisioning.pki.Ed25519Keys;
import io.outpost.provisioning.pki.Pem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost provision inspect BUNDLE}: entries, signer, certificates and their expiry. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
        "Show a provisioning bundle: its entries with digests, who signed it, every certificate with its expiry and "
                + "fingerprint. Exit 1 when a certificate is expired or expires within --warn-days."})
final class InspectCommand extends ProvisionCommandBase {
    @Parameters(paramLabel = "BUNDLE") Path bundle;
    @Option(names = "--authority-cert", paramLabel = "FILE", description = "check the signature against this authority") Path authorityCert;
    @Option(names = "--warn-days", paramLabel = "N", description = "flag certificates expiring within N days (default: ${DEFAULT-VALUE})")
    int warnDays = 30;

    @Override
    int run() throws Exception {
        Ed25519Key key;
        String trust;
        if (authorityCert != null) {
            key = AuthorityTrust.resolve(bundle, authorityCert, null, Path.of("/nonexistent"));
            trust = "verified against " + authorityCert;
        } else {
            var embedded = ProvisioningBundle.embeddedAuthority(bundle);
            key = Ed25519Keys.fromPublicKeyInfo(embedded.getSubjectPublicKeyInfo());
            trust = "verified against the authority certificate it carries, sha256 " + Pem.fingerprint(embedded)
                    + "; pass --authority-cert to check it is yours";
        }
        ProvisioningBundle b = ProvisioningBundle.read(bundle, key);
        return Inspection.print(b, trust, Instant.now(), Duration.ofDays(warnDays), out()) == 0 ? 0 : FAILURE;
    }
}
