package io.outpost.provisioning;

import io.outpost.provisioning.authority.Authority;
import io.outpost.provisioning.authority.AuthorityFiles;
import io.outpost.provisioning.authority.AuthorityStore;
import io.outpost.provisioning.bundle.BundleMaker;
import io.outpost.provisioning.bundle.DeviceRequest;
import io.outpost.provisioning.bundle.Installer;
import io.outpost.provisioning.bundle.InstallReport;
import io.outpost.provisioning.bundle.Layout;
import io.outpost.provisioning.bundle.ProvisioningBundle;
import io.outpost.provisioning.pki.Pem;
import io.outpost.provisioning.pki.Validity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An authority in a temporary directory and the steps of provisioning, called in-process. */
record Fixture(Path dir, Authority authority) {
    static final char[] PASS = "authority passphrase".toCharArray();
    static final char[] KEY_PASS = "device key passphrase".toCharArray();

    static Fixture init(Path dir) throws Exception {
        return new Fixture(dir, AuthorityStore.init(new AuthorityFiles(dir.resolve("authority")), "Test authority", PASS, null));
    }

    static DeviceRequest request(String name, Path csr, Validity validity, int httpsPort) {
        return new DeviceRequest(name, List.of("localhost"), List.of("127.0.0.1"), csr, csr == null ? KEY_PASS : null, validity,
                new DeviceRequest.Ports(0, httpsPort, 0, 0), null, null, List.of(), Map.of(), List.of(), null, Map.of());
    }

    Path bundle(String name, Path csr) throws Exception {
        return bundle(request(name, csr, Validity.days(Instant.now(), 30), 0));
    }

    Path bundle(DeviceRequest r) throws Exception {
        Path file = dir.resolve(r.name() + Layout.FILE_EXTENSION);
        Files.write(file, BundleMaker.make(authority, r, Instant.now()));
        return file;
    }

    InstallReport install(Path bundle, Path root) throws Exception {
        ProvisioningBundle b = ProvisioningBundle.read(bundle, authority.key().publicKey());
        return Installer.install(b, authority.certificate(), root, KEY_PASS::clone, Instant.now());
    }

    String fingerprint() throws IOException {
        return Pem.fingerprint(authority.certificate());
    }
}
