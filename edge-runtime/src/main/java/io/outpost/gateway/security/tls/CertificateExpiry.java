package io.outpost.gateway.security.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When something the HTTPS listener depends on runs out: the earliest {@code notAfter} of the
 * served chain ({@code server}: an intermediate can end before the leaf) or of the client CAs of
 * mutual TLS ({@code client-ca}), judged against {@code listeners.https.expiryWarningDays}. On a
 * device nobody watches, this is how a renewal is asked for before clients start refusing it.
 *
 * @param certificate {@code server} or {@code client-ca}: the metric's label
 */
public record CertificateExpiry(String certificate, String subject, Instant notAfter, Duration warning) {
    static final String SERVER = "server";
    static final String CLIENT_CA = "client-ca";

    /** The one of {@code certificates} that ends first, or null when there is none. */
    static CertificateExpiry earliest(String certificate, List<X509Certificate> certificates, Duration warning) {
        return certificates.stream().min(Comparator.comparing(X509Certificate::getNotAfter))
                .map(c -> new CertificateExpiry(certificate, c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant(), warning))
                .orElse(null);
    }

    public long secondsLeft(Instant now) {
        return Duration.between(now, notAfter).getSeconds();
    }

    public boolean expired(Instant now) {
        return !now.isBefore(notAfter);
    }

    /** Within the warning window, or already over. */
    public boolean expiringSoon(Instant now) {
        return secondsLeft(now) < warning.getSeconds();
    }

    /** For {@code /health}: negative days once expired. */
    public Map<String, Object> describe(Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("certificate", certificate);
        out.put("subject", subject);
        out.put("expiresAt", notAfter.toString());
        out.put("expiresInDays", Math.floorDiv(secondsLeft(now), 86_400L));
        out.put("expiringSoon", expiringSoon(now));
        out.put("expired", expired(now));
        return out;
    }

    /** What an operator reads on {@code /ready} and in the log; null while the end is beyond the window. */
    public String warning(Instant now) {
        String what = certificate.equals(SERVER) ? "the served certificate chain's " : "the mutual-TLS client CA ";
        if (expired(now)) {
            return what + subject + " EXPIRED at " + notAfter + (certificate.equals(SERVER)
                    ? ": clients refuse the handshake; install a renewed certificate and key (the files are reloaded)"
                    : ": no client certificate of it is accepted; renew it in security.mutualTls.clientCas or a keys bundle");
        }
        if (expiringSoon(now)) {
            return what + subject + " expires at " + notAfter + ", in " + Math.floorDiv(secondsLeft(now), 86_400L)
                    + " days (expiryWarningDays: " + warning.toDays() + "): renew it before then";
        }
        return null;
    }
}
