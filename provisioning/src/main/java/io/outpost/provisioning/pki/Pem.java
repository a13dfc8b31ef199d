package io.outpost.provisioning.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text in and out, and the SHA-256 fingerprints Outpost prints and pins (hex of the DER). */
public final class Pem {
    private Pem() {}

    public static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    public static String certificate(X509CertificateHolder cert) {
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every certificate in a PEM text, in order; other PEM objects are skipped. */
    public static List<X509CertificateHolder> certificates(byte[] pem) throws IOException {
        List<X509CertificateHolder> found = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder cert) {
                    found.add(cert);
                }
            }
        }
        return found;
    }

    public static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fingerprint(X509CertificateHolder cert) {
        try {
            return sha256(cert.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
