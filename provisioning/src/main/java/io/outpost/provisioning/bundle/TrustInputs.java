package io.outpost.provisioning.bundle;

import io.outpost.common.artifact.ArtifactException;
import io.outpost.common.artifact.ArtifactVerifier;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.authority.Authority;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.pki.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The optional files {@code provision device} takes: each is checked here, on the authority's
 * machine, so a wrong file is named now rather than found by a device that will not start.
 */
final class TrustInputs {
    private TrustInputs() {}

    static void add(Map<String, byte[]> entries, Authority a, DeviceRequest r) throws ProvisioningException, IOException {
        if (r.managementCa() != null) {
            entries.put(Layout.MGMT_CA, certificates(r.managementCa(), "--mgmt-ca"));
        }
        if (!r.clientCas().isEmpty()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Path ca : r.clientCas()) {
                all.writeBytes(certificates(ca, "--client-ca"));
            }
            entries.put(Layout.CLIENT_CA, all.toByteArray());
        }
        int n = 1;
        for (Map.Entry<String, Path> issuer : r.jwtIssuers().entrySet()) {
            byte[] jwks = Files.readAllBytes(issuer.getValue());
            if (!new String(jwks, java.nio.charset.StandardCharsets.UTF_8).contains("\"keys\"")) {
                throw new ProvisioningException(issuer.getValue() + ": not a JWKS (expected {\"keys\": [ ... ]})",
                        "save the issuer's jwks_uri document and pass that file: --jwt-issuer " + issuer.getKey() + "=FILE");
            }
            entries.put(Layout.JWT_DIR + (n++) + ".jwks", jwks);
        }
        Ed25519Key updateKey = BundleMaker.updateKey(a);
        for (Path file : r.updateBundles()) {
            entries.put(updateBundle(file, updateKey, entries), Files.readAllBytes(file));
        }
        if (r.artifact() != null) {
            artifact(a, r.artifact());
            entries.put(Layout.ARTIFACT, Files.readAllBytes(r.artifact()));
        }
    }

    private static byte[] certificates(Path file, String option) throws ProvisioningException, IOException {
        byte[] pem = Files.readAllBytes(file);
        if (Pem.certificates(pem).isEmpty()) {
            throw new ProvisioningException(file + ": holds no PEM certificate", "pass the CA certificate(s) in PEM to " + option);
        }
        return pem;
    }

    /** An initial list is a bundle {@code outpost mgmt bundle publish} signed with this authority's update key. */
    private static String updateBundle(Path file, Ed25519Key updateKey, Map<String, byte[]> entries)
            throws ProvisioningException, IOException {
        UpdateBundle bundle;
        try {
            bundle = UpdateBundles.verify(Files.readAllBytes(file), updateKey);
        } catch (BundleException e) {
            throw new ProvisioningException(file + ": " + e.getMessage(), "publish it with: outpost mgmt bundle publish --key "
                    + "AUTHORITY/update-signing.jwk ... (the device trusts only this authority's update key)", e);
        }
        String entry = Layout.UPDATES_DIR + bundle.type() + ".jws";
        if (entries.containsKey(entry)) {
            throw new ProvisioningException(file + ": a second " + bundle.type() + " bundle", "give one bundle per type (the newest)");
        }
        return entry;
    }

    private static void artifact(Authority a, Path file) throws ProvisioningException, IOException {
        Ed25519Key publisher;
        try {
            publisher = Ed25519Key.read(a.files().publicKey(SignedKey.PUBLISHER));
            ArtifactVerifier.verify(file, TrustPolicy.of(List.of(publisher), false));
        } catch (io.outpost.common.signing.KeyException | ArtifactException e) {
            throw new ProvisioningException(e.getMessage(), "build it with the authority's publisher key: outpost build --sign-key "
                    + a.files().key(SignedKey.PUBLISHER), e);
        }
    }
}
