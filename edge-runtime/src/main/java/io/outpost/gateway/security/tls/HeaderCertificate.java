package io.outpost.gateway.security.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The client certificate a TLS-terminating proxy passes in a header: URL-encoded PEM, as nginx's
 * {@code $ssl_client_escaped_cert} (and AWS ALB's mTLS header) write it, or the certificate's DER
 * in base64 (Choreo Connect, Envoy set-ups). Only '%XX' is decoded: a '+' is base64's, not a space.
 */
final class HeaderCertificate {
    private HeaderCertificate() {}

    /** The certificates of the header's value (leaf first), or null when it holds none that parses. */
    static List<X509Certificate> decode(String value) {
        String text = percentDecode(value.trim());
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] bytes;
        if (text.contains("-----BEGIN")) {
            bytes = text.getBytes(StandardCharsets.US_ASCII);
        } else {
            try {
                bytes = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        try {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .forEach(c -> certs.add((X509Certificate) c));
            return certs.isEmpty() ? null : certs;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** {@code %XX} decoded; null for a malformed escape. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                return null;
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
