package io.outpost.provisioning.bundle;

import com.nimbusds.jose.JWSObject;
import io.outpost.common.artifact.ArtifactException;
import io.outpost.common.artifact.ArtifactVerifier;
import io.outpost.common.artifact.CanonicalZip;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.pki.Pem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** A provisioning bundle whose signature, digests and kind were checked against one trusted authority key. */
public record ProvisioningBundle(Path file, VerifiedArtifact content, Descriptor descriptor) {

    public static ProvisioningBundle read(Path file, Ed25519Key authority) throws ProvisioningException, IOException {
        String kid;
        try {
            kid = signerKid(file);
        } catch (ProvisioningException unreadable) {
            kid = null; // the full check below says what is wrong with it
        }
        if (kid != null && !authority.thumbprint().equals(kid)) {
            throw new ProvisioningException(file + ": signed by authority key " + kid + ", not by the authority this device trusts ("
                    + authority.thumbprint() + ")", "provision it with the authority that provisioned this device, or pass that "
                    + "authority's certificate with --authority-cert");
        }
        VerifiedArtifact verified;
        try {
            verified = ArtifactVerifier.verify(file, TrustPolicy.of(List.of(authority), false));
        } catch (ArtifactException e) {
            throw new ProvisioningException(e.getMessage().replace("artifact", "bundle"),
                    "the bundle was changed after the authority signed it: make it again with outpost provision device", e);
        }
        byte[] descriptor = verified.bytes(Layout.DESCRIPTOR);
        Descriptor d;
        try {
            d = descriptor == null ? null : Json.read(descriptor, Descriptor.class);
        } catch (RuntimeException e) {
            d = null;
        }
        if (d == null || !Layout.KIND.equals(d.kind())) {
            throw new ProvisioningException(file + ": not a provisioning bundle (no " + Layout.DESCRIPTOR + " of kind " + Layout.KIND + ")",
                    "an artifact is installed by the gateway, not by provision install");
        }
        return new ProvisioningBundle(file, verified, d);
    }

    /** The key id the bundle claims to be signed with, before anything is verified: for messages only. */
    public static String signerKid(Path file) throws ProvisioningException, IOException {
        try {
            List<CanonicalZip.Entry> entries = CanonicalZip.decode(ByteBuffer.wrap(Files.readAllBytes(file)));
            String jws = new String(entries.get(1).bytes(), StandardCharsets.US_ASCII).trim();
            return JWSObject.parse(jws).getHeader().getKeyID();
        } catch (ArtifactException | ParseException | IndexOutOfBoundsException e) {
            throw new ProvisioningException(file + ": not a signed provisioning bundle: " + e.getMessage(),
                    "pass the .provision file that outpost provision device wrote", e);
        }
    }

    /** The authority certificate the bundle carries (trusted only once it matches what the installer was given). */
    public static X509CertificateHolder embeddedAuthority(Path file) throws ProvisioningException, IOException {
        try {
            for (CanonicalZip.Entry e : CanonicalZip.decode(ByteBuffer.wrap(Files.readAllBytes(file)))) {
                if (e.name().equals(Layout.AUTHORITY_CERT)) {
                    List<X509CertificateHolder> certs = Pem.certificates(e.bytes());
                    if (certs.size() == 1) {
                        return certs.get(0);
                    }
                }
            }
        } catch (ArtifactException e) {
            throw new ProvisioningException(file + ": not a signed provisioning bundle: " + e.getMessage(), null, e);
        }
        throw new ProvisioningException(file + ": carries no " + Layout.AUTHORITY_CERT, "make it again with outpost provision device");
    }

    public byte[] bytes(String entry) {
        return content.bytes(entry);
    }

    /** Entry names in the manifest's (sorted) order: a VerifiedArtifact's map has none. */
    public List<String> entries() {
        return content.manifest().entries().stream().map(io.outpost.common.artifact.Manifest.Item::path).toList();
    }
}
