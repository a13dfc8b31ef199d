package io.outpost.gateway.security.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The handshake's side of client certificates: it names the client CAs in its certificate request
 * (so a client picks the right certificate) and takes whatever certificate comes, the TLS stack
 * having checked that the client holds its key. Whether the certificate is good is decided per API
 * by {@link MutualTlsStage} (chain, CRLs, pinned fingerprints), so that a certificate one API
 * refuses does not keep the client from an API that needs none, and a mandatory API answers 401 /
 * 900901 as WSO2 does instead of a bare handshake failure. Never used for server certificates.
 */
public final class ClientTrust extends X509ExtendedTrustManager {
    /** Named in the certificate request. One per server context: a generation with other CAs makes a new context. */
    private final X509Certificate[] issuers;

    ClientTrust(List<X509Certificate> clientCas) {
        this.issuers = clientCas.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // decided per API, after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // decided per API, after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // decided per API, after the handshake
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the HTTPS listener's trust manager checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }
}
