package io.outpost.provisioning.bundle;

import io.outpost.common.artifact.ArtifactWriter;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.authority.Authority;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.pki.CertificateIssuer.Profile;
import io.outpost.provisioning.pki.DeviceKeys;
import io.outpost.provisioning.pki.EncryptedKeys;
import io.outpost.provisioning.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * {@code outpost provision device}: one device's certificates, trust anchors, initial lists and
 * configuration as one provisioning bundle, signed by the authority root key in the project's one
 * signed-file format (the artifact's canonical zip + manifest + detached Ed25519 JWS).
 */
public final class BundleMaker {
    private BundleMaker() {}

    public static byte[] make(Authority authority, DeviceRequest r, Instant now) throws ProvisioningException, IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        SubjectPublicKeyInfo deviceKey;
        if (r.csr() != null) {
            deviceKey = DeviceKeys.csrPublicKey(Files.readAllBytes(r.csr()), r.csr().toString());
        } else {
            KeyPair pair = DeviceKeys.generate();
            deviceKey = DeviceKeys.publicKeyInfo(pair);
            entries.put(Layout.KEY_ENCRYPTED, ascii(EncryptedKeys.encrypt(DeviceKeys.privateKeyInfo(pair), r.keyPassphrase())));
        }
        X500Name subject = new X500Name("CN=" + r.name());
        List<GeneralName> names = SubjectNames.of(r);
        String chainTail = Pem.certificate(authority.certificate());
        entries.put(Layout.SERVER_CERT, ascii(Pem.certificate(authority.issuer().issue(subject, deviceKey, Profile.TLS_SERVER,
                r.validity(), names)) + chainTail));
        entries.put(Layout.CLIENT_CERT, ascii(Pem.certificate(authority.issuer().issue(subject, deviceKey, Profile.TLS_CLIENT,
                r.validity(), names)) + chainTail));
        entries.put(Layout.AUTHORITY_CERT, ascii(chainTail));
        var files = authority.files();
        entries.put(Layout.UPDATE_KEY, Files.readAllBytes(files.publicKey(SignedKey.UPDATE)));
        entries.put(Layout.UPDATE_CERT, Files.readAllBytes(files.keyCertificate(SignedKey.UPDATE)));
        entries.put(Layout.PUBLISHER_KEY, Files.readAllBytes(files.publicKey(SignedKey.PUBLISHER)));
        entries.put(Layout.PUBLISHER_CERT, Files.readAllBytes(files.keyCertificate(SignedKey.PUBLISHER)));
        TrustInputs.add(entries, authority, r);
        List<String> jwtFiles = new ArrayList<>();
        for (String e : entries.keySet()) {
            if (e.startsWith(Layout.JWT_DIR)) {
                jwtFiles.add(e.substring(Layout.ETC.length()));
            }
        }
        entries.put(Layout.GATEWAY_YAML, utf8(ConfigFiles.gatewayYaml(r, jwtFiles, entries.containsKey(Layout.CLIENT_CA))));
        entries.put(Layout.SYNC_YAML, utf8(ConfigFiles.syncYaml(r, entries.containsKey(Layout.MGMT_CA))));
        entries.put(Layout.DESCRIPTOR, Json.bytes(new Descriptor(Layout.KIND, 1, r.name(), now.toString(),
                r.csr() != null ? Descriptor.KEY_ON_DEVICE : Descriptor.KEY_ENCRYPTED)));
        return ArtifactWriter.write(entries, authority.key());
    }

    static Ed25519Key updateKey(Authority a) throws ProvisioningException {
        try {
            return Ed25519Key.read(a.files().publicKey(SignedKey.UPDATE));
        } catch (io.outpost.common.signing.KeyException e) {
            throw new ProvisioningException(e.getMessage(), "rotate it: outpost provision authority rotate-update-key " + a.files().dir());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
