package io.outpost.provisioning.bundle;

import io.outpost.provisioning.FileModes;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.pki.DeviceKeys;
import io.outpost.provisioning.pki.EncryptedKeys;
import io.outpost.provisioning.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The device's private key for install: decrypted from the bundle with the installer's passphrase,
 * or (a bundle made from {@code provision csr}) the key already on the device, which must be
 * owner-only and belong to the certificate.
 */
public final class DeviceKeyInstall {
    /** Asked only when the bundle carries an encrypted key. */
    @FunctionalInterface
    public interface Passphrase {
        char[] get() throws ProvisioningException, IOException;
    }

    private DeviceKeyInstall() {}

    static byte[] key(ProvisioningBundle bundle, Path root, Passphrase passphrase) throws ProvisioningException, IOException {
        SubjectPublicKeyInfo certified = Pem.certificates(bundle.bytes(Layout.SERVER_CERT)).get(0).getSubjectPublicKeyInfo();
        byte[] encrypted = bundle.bytes(Layout.KEY_ENCRYPTED);
        if (encrypted != null) {
            char[] pass = passphrase.get();
            PrivateKeyInfo info;
            try {
                info = EncryptedKeys.decrypt(encrypted, pass, bundle.file() + ": " + Layout.KEY_ENCRYPTED);
            } catch (EncryptedKeys.WrongPassphrase e) {
                throw new ProvisioningException(e.getMessage(), "type the passphrase given when the bundle was made", e);
            } finally {
                Arrays.fill(pass, '\0');
            }
            byte[] pem = Pem.encode("PRIVATE KEY", info.getEncoded()).getBytes(StandardCharsets.US_ASCII);
            requireMatch(pem, certified, bundle.file() + ": " + Layout.KEY_ENCRYPTED);
            return pem;
        }
        Path onDevice = root.resolve(Layout.KEY);
        if (!Files.isRegularFile(onDevice)) {
            throw new ProvisioningException(bundle.file() + ": carries no device key and there is none at " + onDevice,
                    "this bundle was made from a certificate request: install it on the device that ran outpost provision csr");
        }
        FileModes.requireOwnerOnly(onDevice);
        byte[] pem = Files.readAllBytes(onDevice);
        requireMatch(pem, certified, onDevice.toString());
        return pem;
    }

    private static void requireMatch(byte[] keyPem, SubjectPublicKeyInfo certified, String source)
            throws ProvisioningException, IOException {
        if (!DeviceKeys.publicKeyOf(keyPem, source).equals(certified)) {
            throw new ProvisioningException(source + ": is not the key of the bundle's device certificate " + Layout.SERVER_CERT,
                    "the bundle was made for another device's certificate request: make it from this device's request");
        }
    }
}
