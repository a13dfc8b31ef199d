package io.outpost.gateway.security.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The HTTPS listener's certificate chain (leaf first) and private key, read from their PEM files
 * with every check of the start: at start each problem is a configuration error at its line, at a
 * reload the reason the certificate in force stays.
 */
record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {

    X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * @param problem told of each problem: the setting it belongs to ({@code certificate} or {@code key}) and what is wrong
     * @return null when there was a problem
     */
    static ServerCertificate read(Path certFile, Path keyFile, BiConsumer<String, String> problem) {
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        try {
            chain = PemFiles.certificates(certFile);
        } catch (IOException e) {
            problem.accept("certificate", e.getMessage());
        }
        try {
            key = PemFiles.privateKey(keyFile);
        } catch (IOException e) {
            problem.accept("key", e.getMessage());
        }
        if (chain == null || key == null) {
            return null;
        }
        if (!PemFiles.keyMatches(key, chain.get(0))) {
            problem.accept("key", keyFile + " is not the private key of " + certFile + " (" + chain.get(0).getSubjectX500Principal()
                    + "): set key to the file made with that certificate's request, or certificate to the one issued for this key");
            return null;
        }
        return new ServerCertificate(chain, key);
    }
}
