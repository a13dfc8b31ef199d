package io.outpost.gateway.security.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides whether a client certificate is good: it chains to a client CA (PKIX, at the current
 * time), may be used for client authentication, and no CRL of its issuers lists it. One per
 * generation (CAs and CRLs are the generation's), shared by its event loops. Results are cached by
 * the chain's SHA-256, so a client's requests after its first cost one hash of its certificate:
 * a good certificate until it expires, a bad one for a minute (it may become valid, the clock may
 * be corrected). The cache is bounded; when full it starts again.
 */
final class ClientCertificates {
    static final int CACHE_LIMIT = 4096;
    private static final long REFUSAL_CACHE_MILLIS = 60_000;
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final HexFormat HEX = HexFormat.of();

    /** What was decided about one chain. */
    sealed interface Result {}

    /** @param fingerprint the leaf's SHA-256, lower-case hex, as {@code allowedFingerprints} lists it */
    record Trusted(String subject, String fingerprint) implements Result {}

    /** @param reason for the debug log only: the client is told nothing more than 900901 */
    record Refused(String reason) implements Result {}

    private record Cached(Result result, long untilMillis) {}

    private final Set<TrustAnchor> anchors;
    private final List<X509CRL> crls;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    ClientCertificates(MutualTls settings, LongSupplier clock) {
        Set<TrustAnchor> trust = new HashSet<>();
        settings.clientCas().forEach(ca -> trust.add(new TrustAnchor(ca, null)));
        this.anchors = Set.copyOf(trust);
        this.crls = settings.crls();
        this.clock = clock;
    }

    /** @param chain the leaf first, then any intermediates the client sent */
    Result verify(List<X509Certificate> chain) {
        String key;
        String fingerprint;
        try {
            fingerprint = sha256(chain.get(0).getEncoded());
            key = chain.size() == 1 ? fingerprint : fingerprint + "+" + HEX.formatHex(rest(chain));
        } catch (GeneralSecurityException e) {
            return new Refused("unencodable certificate: " + e.getMessage());
        }
        long now = clock.getAsLong();
        Cached cached = cache.get(key);
        if (cached != null && cached.untilMillis() > now) {
            return cached.result();
        }
        Result result = validate(chain, fingerprint, now);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        long until = result instanceof Trusted ? chain.get(0).getNotAfter().getTime() : now + REFUSAL_CACHE_MILLIS;
        cache.put(key, new Cached(result, until));
        return result;
    }

    private Result validate(List<X509Certificate> chain, String fingerprint, long now) {
        if (anchors.isEmpty()) {
            return new Refused("no client CAs configured (security.mutualTls.clientCas)");
        }
        X509Certificate leaf = chain.get(0);
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                return new Refused("the certificate is not for client authentication (extended key usage)");
            }
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(withoutAnchors(chain));
            PKIXParameters params = new PKIXParameters(anchors);
            // Revocation is checked below from the configured CRLs only: the JDK's checker would
            // refuse every CA without a CRL, and must never go to the network for one.
            params.setRevocationEnabled(false);
            params.setDate(new Date(now));
            CertPathValidator.getInstance("PKIX").validate(path, params);
            for (java.security.cert.Certificate c : path.getCertificates()) {
                if (revoked((X509Certificate) c)) {
                    return new Refused("revoked: " + ((X509Certificate) c).getSubjectX500Principal().getName());
                }
            }
        } catch (GeneralSecurityException e) {
            return new Refused(e.getMessage());
        }
        return new Trusted(leaf.getSubjectX500Principal().getName(), fingerprint);
    }

    /** Listed by a CRL of its issuer (CRL signatures were checked against the client CAs when the configuration was read). */
    private boolean revoked(X509Certificate cert) {
        for (X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal()) && crl.isRevoked(cert)) {
                return true;
            }
        }
        return false;
    }

    /** PKIX wants the path up to, not including, the anchor: a client may send its CA along. */
    private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>(chain.size());
        for (X509Certificate c : chain) {
            if (path.isEmpty() || !isAnchor(c)) {
                path.add(c);
            }
        }
        return path;
    }

    private boolean isAnchor(X509Certificate c) {
        for (TrustAnchor anchor : anchors) {
            if (anchor.getTrustedCert().equals(c)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] rest(List<X509Certificate> chain) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 1; i < chain.size(); i++) {
            digest.update(chain.get(i).getEncoded());
        }
        return digest.digest();
    }

    static String sha256(byte[] bytes) throws GeneralSecurityException {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
