package io.outpost.gateway.endpoint;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.outpost.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The client TLS context for https backends, from {@code backends.tls} in gateway.yaml. */
public final class BackendTlsContext {
    private BackendTlsContext() {}

    /** @throws IllegalArgumentException naming the file that cannot be used */
    public static SslContext build(GatewayConfig.BackendTls config) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (!config.trustedCertificates().isEmpty()) {
            List<X509Certificate> anchors = new ArrayList<>();
            for (Path file : config.trustedCertificates()) {
                anchors.addAll(readCertificates(file));
            }
            builder.trustManager(anchors.toArray(X509Certificate[]::new));
        }
        if (config.clientCertificate() != null) {
            try {
                builder.keyManager(config.clientCertificate().toFile(), config.clientKey().toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("backends.tls: cannot use client certificate "
                        + config.clientCertificate() + " with key " + config.clientKey() + ": " + e.getMessage(), e);
            }
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("backends.tls: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("backends.tls.trustedCertificates: " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("backends.tls.trustedCertificates: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
