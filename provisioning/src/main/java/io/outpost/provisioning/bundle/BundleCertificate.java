package io.outpost.provisioning.bundle;

import io.outpost.provisioning.pki.Pem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/** One certificate in a bundle entry, with what inspect shows and install checks. */
public record BundleCertificate(String entry, X509CertificateHolder cert) {

    /** Every certificate of every PEM entry, in entry order. */
    public static List<BundleCertificate> all(ProvisioningBundle bundle) throws IOException {
        List<BundleCertificate> found = new ArrayList<>();
        for (String entry : bundle.entries()) {
            if (entry.endsWith(".pem") && !entry.equals(Layout.KEY_ENCRYPTED)) {
                for (X509CertificateHolder c : Pem.certificates(bundle.bytes(entry))) {
                    found.add(new BundleCertificate(entry, c));
                }
            }
        }
        return found;
    }

    public Instant notAfter() {
        return cert.getNotAfter().toInstant();
    }

    public boolean expiredAt(Instant now) {
        return notAfter().isBefore(now);
    }

    public boolean expiresWithin(Instant now, Duration window) {
        return notAfter().isBefore(now.plus(window));
    }

    public String fingerprint() {
        return Pem.fingerprint(cert);
    }

    public String altNames() {
        Extension san = cert.getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (GeneralName n : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            names.add((n.getTagNo() == GeneralName.iPAddress ? "IP:" + ip(n) : "DNS:" + n.getName()));
        }
        return String.join(",", names);
    }

    private static String ip(GeneralName n) {
        try {
            byte[] raw = org.bouncycastle.asn1.DEROctetString.getInstance(n.getName()).getOctets();
            return java.net.InetAddress.getByAddress(raw).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return n.getName().toString();
        }
    }

    public String describe() {
        return cert.getSubject() + " (issuer " + cert.getIssuer() + ") notAfter " + notAfter() + " sha256 " + fingerprint()
                + (altNames().isEmpty() ? "" : " " + altNames());
    }
}
