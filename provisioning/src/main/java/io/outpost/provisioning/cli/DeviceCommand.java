package io.outpost.provisioning.cli;

import io.outpost.common.io.AtomicFiles;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.authority.Authority;
import io.outpost.provisioning.authority.AuthorityFiles;
import io.outpost.provisioning.authority.AuthorityStore;
import io.outpost.provisioning.bundle.BundleMaker;
import io.outpost.provisioning.bundle.DeviceRequest;
import io.outpost.provisioning.bundle.Layout;
import io.outpost.provisioning.pki.Validity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost provision device NAME --authority DIR ...}: one device's provisioning bundle. */
@Command(name = "device", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
        "Make NAME's provisioning bundle (NAME.provision): its TLS server and mTLS client certificates, the trust anchors, "
                + "initial update bundles, gateway.yaml and sync.yaml, signed by the authority.",
        "With --csr the device's own key is certified (it never leaves the device); without, a key is made here and "
                + "travels encrypted to a passphrase the installer types."})
final class DeviceCommand extends ProvisionCommandBase {
    @Parameters(paramLabel = "NAME", description = "the device's name: certificate CN")
    String name;
    @Option(names = "--authority", required = true, paramLabel = "DIR") Path authority;
    @Option(names = "--dns", paramLabel = "NAME", description = "a host name clients use (repeatable)") List<String> dns = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "ADDR", description = "an address clients use (repeatable)") List<String> ips = new ArrayList<>();
    @Option(names = "--csr", paramLabel = "FILE", description = "the request outpost provision csr made on the device") Path csr;
    @Option(names = "--days", description = "device certificate lifetime (default: ${DEFAULT-VALUE})") int days = 730;
    @Option(names = "--out", paramLabel = "FILE", description = "default: NAME.provision") Path out;
    @Option(names = "--http-port") int httpPort = DeviceRequest.Ports.DEFAULT.http();
    @Option(names = "--https-port") int httpsPort = DeviceRequest.Ports.DEFAULT.https();
    @Option(names = "--admin-port") int adminPort = DeviceRequest.Ports.DEFAULT.admin();
    @Option(names = "--sync-admin-port") int syncAdminPort = DeviceRequest.Ports.DEFAULT.syncAdmin();
    @Option(names = "--mgmt-url", paramLabel = "URL", description = "API Management base URL (sync.yaml management.url)") String mgmtUrl;
    @Option(names = "--mgmt-ca", paramLabel = "FILE", description = "PEM CA of API Management's server certificate") Path mgmtCa;
    @Option(names = "--client-ca", paramLabel = "FILE", description = "PEM CA for mutual TLS clients (repeatable)") List<Path> clientCas = new ArrayList<>();
    @Option(names = "--jwt-issuer", paramLabel = "ISS=JWKS", description = "a JWT issuer and its saved JWKS file (repeatable)")
    Map<String, Path> jwtIssuers = new LinkedHashMap<>();
    @Option(names = "--update-bundle", paramLabel = "FILE", description = "initial revocations, opaque-tokens, keys or blocking "
            + "bundle from outpost mgmt bundle publish (repeatable; none = empty lists)") List<Path> updateBundles = new ArrayList<>();
    @Option(names = "--artifact", paramLabel = "FILE", description = "the artifact to serve, signed by the authority's publisher key") Path artifact;
    @Option(names = "--gpio", paramLabel = "KEY=N", description = "a gpio: setting of sync.yaml: ledReady, ledBacklog, "
            + "ledFault, button (BCM pin numbers), debounceMillis (repeatable; none = no GPIO). Install then grants the "
            + "sync agent GPIO access with a systemd drop-in") Map<String, Integer> gpio = new LinkedHashMap<>();
    @Option(names = "--passphrase-fd", paramLabel = "N", description = "read the authority passphrase, then (without --csr) "
            + "the new device-key passphrase, one line each, from descriptor N") Integer passphraseFd;

    @Override
    int run() throws Exception {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ProvisioningException("device name '" + name + "': use letters, digits, '.', '_' and '-'", null);
        }
        for (var g : gpio.entrySet()) {
            if (!DeviceRequest.GPIO_KEYS.contains(g.getKey()) || g.getValue() < 0) {
                throw new ProvisioningException("--gpio " + g.getKey() + "=" + g.getValue() + ": use one of "
                        + String.join(", ", DeviceRequest.GPIO_KEYS) + " with a number 0 or above (BCM pins)", null);
            }
        }
        char[] authorityPass = Passphrases.read(passphraseFd, "authority passphrase", false);
        Authority a;
        try {
            a = AuthorityStore.open(new AuthorityFiles(authority), authorityPass);
        } finally {
            Arrays.fill(authorityPass, '\0');
        }
        char[] keyPass = csr != null ? null : Passphrases.read(passphraseFd, "new passphrase for the device key", true);
        try {
            var request = new DeviceRequest(name, dns, ips, csr, keyPass, Validity.days(Instant.now(), days),
                    new DeviceRequest.Ports(httpPort, httpsPort, adminPort, syncAdminPort), mgmtUrl, mgmtCa, clientCas,
                    jwtIssuers, updateBundles, artifact, gpio);
            Path target = out != null ? out : Path.of(name + Layout.FILE_EXTENSION);
            AtomicFiles.write(target, BundleMaker.make(a, request, Instant.now()));
            out().println("wrote " + target + " for device " + name + (csr != null ? " (its key stays on the device)"
                    : " (device key encrypted to the passphrase just given: tell the installer, not on the same medium)"));
            return 0;
        } finally {
            if (keyPass != null) {
                Arrays.fill(keyPass, '\0');
            }
        }
    }
}
