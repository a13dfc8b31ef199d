package io.outpost.provisioning.cli;

import io.outpost.common.io.AtomicFiles;
import io.outpost.provisioning.FileModes;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.bundle.Layout;
import io.outpost.provisioning.pki.DeviceKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code outpost provision csr NAME}: on the device, its key (which never leaves it) and a request for the authority. */
@Command(name = "csr", mixinStandardHelpOptions = true, versionProvider = RootVersion.class, description = {
        "On the device: make its key pair into ROOT/etc/outpost/tls/device.key.pem (0600) and write a certificate request "
                + "for outpost provision device NAME --csr FILE. The private key never leaves the device."})
final class CsrCommand extends ProvisionCommandBase {
    @Parameters(paramLabel = "NAME", description = "the device's name (certificate CN)")
    String name;
    @Option(names = "--root", paramLabel = "DIR", description = "install root (default: /)") Path root = Path.of("/");
    @Option(names = "--out", paramLabel = "FILE", description = "the request (default: NAME.csr)") Path out;

    @Override
    int run() throws Exception {
        Path key = root.resolve(Layout.KEY);
        if (Files.exists(key)) {
            throw new ProvisioningException(key + ": a device key exists already",
                    "its certificate request was made when it was; to replace the key, move it away first and run csr again");
        }
        Path tls = key.getParent();
        if (!Files.isDirectory(tls)) {
            Files.createDirectories(tls, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        KeyPair pair = DeviceKeys.generate();
        AtomicFiles.write(key, DeviceKeys.privateKeyPem(pair).getBytes(StandardCharsets.US_ASCII), FileModes.PRIVATE);
        Path target = out != null ? out : Path.of(name + ".csr");
        AtomicFiles.write(target, DeviceKeys.csrPem(pair, name).getBytes(StandardCharsets.US_ASCII));
        out().println("wrote " + key + " (0600, stays here) and " + target + " (take it to the authority: outpost provision device "
                + name + " --csr " + target.getFileName() + " ...)");
        return 0;
    }
}
