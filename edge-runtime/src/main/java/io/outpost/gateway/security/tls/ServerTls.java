package io.outpost.gateway.security.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's server TLS context in force: its certificate and key, and the client CAs
 * its handshakes name. Each new connection takes the context in force when it is accepted (one
 * volatile read); a connection keeps the session it made, so a reload never disturbs one. A new
 * context has its own session cache and ticket keys, so the next handshakes are full ones and get
 * the new certificate.
 *
 * <p>Reloaded on the updates thread (docs/security.md, "Certificate reload"): when a generation is
 * compiled ({@link #reload}, which also takes the generation's client CAs: gateway.yaml's and a
 * {@code keys} bundle's) and when the certificate or key file changes on disk ({@link
 * #reloadIfChanged}). The files are read with every check of the start; a problem keeps the
 * certificate in force, logged and shown on the admin port's {@code /health} ({@link #status}).
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    private final ExpiryWarnings expiryWarnings = new ExpiryWarnings(System::nanoTime);

    private record InForce(SslContext context, ServerCertificate certificate, List<X509Certificate> clientCas, Instant since) {}

    /** What a file was when last read: a change of any part of it means it was rewritten or replaced. */
    private record Stamp(Object modified, long size, Object fileKey) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            } catch (IOException e) {
                return new Stamp(null, -1, e.getClass().getSimpleName()); // missing: a change too, and the reload says why
            }
        }
    }

    private final Path certificateFile;
    private final Path keyFile;
    private final List<String> protocols;
    private final List<String> ciphers;
    /** {@code listeners.https.expiryWarningDays}: how long before its end a certificate is reported. */
    private final Duration expiryWarning;
    private volatile InForce inForce;
    /** Why the last reload kept the certificate in force; null after a good one. */
    private volatile String problem;
    private volatile Instant problemAt;
    /** Guarded by this: the files as last read. */
    private List<Stamp> seen;

    private ServerTls(Path certificateFile, Path keyFile, List<String> protocols, List<String> ciphers, Duration expiryWarning,
                      List<Stamp> seen, InForce first) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.protocols = protocols;
        this.ciphers = ciphers;
        this.expiryWarning = expiryWarning;
        this.seen = seen;
        this.inForce = first;
    }

    /**
     * The start: the files read with every check, and the first context made of them.
     *
     * @param problem told of each problem: the setting it belongs to ({@code certificate}, {@code key},
     *                or the empty string for the listener) and what is wrong
     * @return null when there was a problem
     */
    static ServerTls open(Path certificateFile, Path keyFile, List<String> protocols, List<String> ciphers,
                          List<X509Certificate> clientCas, Duration expiryWarning, BiConsumer<String, String> problem) {
        List<Stamp> stamps = stamps(certificateFile, keyFile);
        ServerCertificate certificate = ServerCertificate.read(certificateFile, keyFile, problem);
        if (certificate == null) {
            return null;
        }
        try {
            return new ServerTls(certificateFile, keyFile, protocols, ciphers, expiryWarning, stamps, new InForce(
                    context(certificate, protocols, ciphers, clientCas), certificate, List.copyOf(clientCas), Instant.now()));
        } catch (SSLException | RuntimeException e) {
            problem.accept("", "cannot make a TLS server context from " + certificateFile + " and " + keyFile + ": " + e.getMessage());
            return null;
        }
    }

    /** The files' stamps, taken before they are read: a change after that is seen by the next poll. */
    private static List<Stamp> stamps(Path certificateFile, Path keyFile) {
        return List.of(Stamp.of(certificateFile), Stamp.of(keyFile));
    }

    /** The context a new connection's handshake runs with. */
    public SslContext context() {
        return inForce.context();
    }

    /**
     * A new generation: the files are read again and the handshakes name {@code clientCas} (asking
     * for a client certificate at all only when there is one). A new context is made only when
     * something changed; when the files have a problem, the certificate in force stays, with the
     * new client CAs.
     */
    public synchronized void reload(List<X509Certificate> clientCas, String why) {
        try {
            apply(List.copyOf(clientCas), why);
        } catch (RuntimeException e) {
            // never the reason a generation is not swapped in
            log.error("HTTPS certificate reload ({}) failed; the certificate in force stays", why, e);
        }
    }

    /** The updates thread's poll: reloads when the certificate or key file changed since it was last read. */
    public synchronized void reloadIfChanged() {
        try {
            if (!stamps(certificateFile, keyFile).equals(seen)) {
                apply(inForce.clientCas(), "the certificate or key file changed");
            }
            expiryWarnings.check(expiries(), Instant.now()); // at the first poll, then once a day while near the end
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep watching
            log.error("HTTPS certificate reload failed; the certificate in force stays", e);
        }
    }

    private void apply(List<X509Certificate> clientCas, String why) {
        seen = stamps(certificateFile, keyFile);
        InForce current = inForce;
        List<String> problems = new ArrayList<>();
        ServerCertificate read = ServerCertificate.read(certificateFile, keyFile,
                (setting, message) -> problems.add("listeners.https." + setting + ": " + message));
        ServerCertificate next = read == null ? current.certificate() : read;
        boolean newCertificate = read != null && !read.equals(current.certificate());
        if (newCertificate || !clientCas.equals(current.clientCas())) {
            try {
                inForce = new InForce(context(next, protocols, ciphers, clientCas), next, clientCas, Instant.now());
            } catch (SSLException | RuntimeException e) {
                problems.add("cannot make a TLS server context from " + certificateFile + " and " + keyFile + ": " + e.getMessage());
                newCertificate = false;
            }
        }
        if (!problems.isEmpty()) {
            problem = String.join("; ", problems);
            problemAt = Instant.now();
            log.warn("HTTPS certificate reload ({}) failed, still serving {}: {}", why, describe(inForce.certificate().leaf()), problem);
            return;
        }
        problem = null;
        problemAt = null;
        if (newCertificate) {
            log.info("HTTPS certificate reloaded ({}): serving {} to new connections", why, describe(next.leaf()));
        }
    }

    /** For the admin port's {@code /health}: the certificate served, since when, and the last reload's problem. */
    public Map<String, Object> status() {
        InForce current = inForce;
        X509Certificate leaf = current.certificate().leaf();
        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("subject", leaf.getSubjectX500Principal().getName());
        certificate.put("serial", leaf.getSerialNumber().toString(16));
        certificate.put("notAfter", leaf.getNotAfter().toInstant().toString());
        try {
            certificate.put("sha256", ClientCertificates.sha256(leaf.getEncoded()));
        } catch (GeneralSecurityException e) {
            certificate.put("sha256", null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("certificate", certificate);
        out.put("since", current.since().toString());
        out.put("clientCas", current.clientCas().size());
        out.put("reloadProblem", problem);
        out.put("reloadProblemAt", problemAt == null ? null : problemAt.toString());
        out.putAll(expirySummary(Instant.now()));
        return out;
    }

    /** The served chain's and the client CAs' earliest ends, as the certificates in force are now. */
    public List<CertificateExpiry> expiries() {
        InForce current = inForce;
        List<CertificateExpiry> out = new ArrayList<>(2);
        out.add(CertificateExpiry.earliest(CertificateExpiry.SERVER, current.certificate().chain(), expiryWarning));
        CertificateExpiry ca = CertificateExpiry.earliest(CertificateExpiry.CLIENT_CA, current.clientCas(), expiryWarning);
        if (ca != null) {
            out.add(ca);
        }
        return out;
    }

    /**
     * For {@code /health} and {@code /ready}: the earliest end of all, whether it is within
     * {@code expiryWarningDays}, whether the served chain is over, each one's end, and what to do.
     * A warning never makes the gateway unready: an expiring certificate still serves.
     */
    public Map<String, Object> expirySummary(Instant now) {
        List<CertificateExpiry> all = expiries();
        CertificateExpiry first = all.stream().min(Comparator.comparing(CertificateExpiry::notAfter)).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expiryWarningDays", expiryWarning.toDays());
        out.put("expiresAt", first.notAfter().toString());
        out.put("expiresInDays", Math.floorDiv(first.secondsLeft(now), 86_400L));
        out.put("expiringSoon", all.stream().anyMatch(e -> e.expiringSoon(now)));
        out.put("expired", all.get(0).expired(now));
        out.put("expiries", all.stream().map(e -> e.describe(now)).toList());
        out.put("warnings", all.stream().map(e -> e.warning(now)).filter(Objects::nonNull).toList());
        return out;
    }

    /**
     * {@code outpost_gateway_tls_certificate_expiry_seconds{certificate="server|client-ca"}}: seconds
     * until each one's earliest end (negative once over), read at each scrape, so a reload shows at once.
     */
    public void registerExpiryGauge(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("outpost_gateway_tls_certificate_expiry_seconds")
                .help("Seconds until the earliest notAfter of the HTTPS listener's served chain (server) "
                        + "and of the mutual-TLS client CAs (client-ca); negative once expired")
                .labelNames("certificate")
                .callback(cb -> {
                    Instant now = Instant.now();
                    expiries().forEach(e -> cb.call(e.secondsLeft(now), e.certificate()));
                })
                .register(registry);
    }

    private static String describe(X509Certificate leaf) {
        return leaf.getSubjectX500Principal().getName() + " serial " + leaf.getSerialNumber().toString(16) + " until "
                + leaf.getNotAfter().toInstant();
    }

    /** Client certificates are asked for (never insisted on: each API decides) only when some CA can vouch for one. */
    private static SslContext context(ServerCertificate certificate, List<String> protocols, List<String> ciphers,
                                      List<X509Certificate> clientCas) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.chain()).sslProvider(SslProvider.JDK)
                .protocols(protocols).ciphers(ciphers);
        if (!clientCas.isEmpty()) {
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(new ClientTrust(clientCas));
        }
        return builder.build();
    }
}
