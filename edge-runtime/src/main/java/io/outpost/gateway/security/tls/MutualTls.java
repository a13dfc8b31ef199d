package io.outpost.gateway.security.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code security.mutualTls} in gateway.yaml: who may present client certificates to APIs that say
 * {@code x-wso2-mutual-ssl} (docs/security.md, "TLS and mutual TLS").
 *
 * @param clientCas               the CAs (roots or intermediates) a client certificate must chain to; empty = none accepted
 * @param crls                    revoked certificates, each CRL signed by one of the client CAs
 * @param clientCertificateHeader the header a TLS-terminating proxy in front puts the client's certificate in
 *                                (URL-encoded PEM, as nginx's {@code $ssl_client_escaped_cert}); believed only
 *                                from {@code trustedProxies}, removed from everyone else's requests; null = none
 * @param allowedFingerprints     per API ({@code "Name:Version"}), the SHA-256 fingerprints (lower-case hex) of the
 *                                only client certificates it accepts; an API not listed accepts any trusted one
 */
public record MutualTls(List<X509Certificate> clientCas, List<X509CRL> crls, String clientCertificateHeader,
                        Map<String, Set<String>> allowedFingerprints) {

    public static final MutualTls NONE = new MutualTls(List.of(), List.of(), null, Map.of());

    public MutualTls {
        clientCas = List.copyOf(clientCas);
        crls = List.copyOf(crls);
        allowedFingerprints = Map.copyOf(allowedFingerprints);
    }

    /**
     * These settings with what a {@code keys} trust bundle adds: more client CAs, and more pinned
     * fingerprints per API (an API the bundle pins and gateway.yaml does not is then pinned).
     */
    public MutualTls plus(List<X509Certificate> moreCas, Map<String, Set<String>> morePins) {
        if (moreCas.isEmpty() && morePins.isEmpty()) {
            return this;
        }
        List<X509Certificate> cas = new ArrayList<>(clientCas);
        moreCas.stream().filter(ca -> !cas.contains(ca)).forEach(cas::add);
        Map<String, Set<String>> pins = new LinkedHashMap<>(allowedFingerprints);
        morePins.forEach((api, prints) -> pins.merge(api, Set.copyOf(prints), (a, b) -> {
            Set<String> union = new LinkedHashSet<>(a);
            union.addAll(b);
            return Set.copyOf(union);
        }));
        return new MutualTls(cas, crls, clientCertificateHeader, pins);
    }

    /** @param node the {@code mutualTls} mapping, or null */
    static MutualTls read(ConfigReader r, String at, JsonNode node) {
        if (node == null) {
            return NONE;
        }
        r.known(at, node, Set.of("clientCas", "crls", "clientCertificateHeader", "allowedFingerprints"));
        List<X509Certificate> cas = new ArrayList<>();
        List<Path> caFiles = r.pathList(at, node, "clientCas", "PEM CA certificate files");
        for (int i = 0; i < caFiles.size(); i++) {
            try {
                cas.addAll(PemFiles.certificates(caFiles.get(i)));
            } catch (IOException e) {
                r.problem(at + "/clientCas/" + i, e.getMessage() + "; list the PEM certificates of the CAs that issue client certificates");
            }
        }
        List<X509CRL> crls = new ArrayList<>();
        List<Path> crlFiles = r.pathList(at, node, "crls", "CRL files (PEM or DER)");
        for (int i = 0; i < crlFiles.size(); i++) {
            try {
                for (X509CRL crl : PemFiles.crls(crlFiles.get(i))) {
                    if (issuerOf(crl, cas) == null && !cas.isEmpty()) {
                        r.problem(at + "/crls/" + i, crlFiles.get(i) + " is signed by " + crl.getIssuerX500Principal().getName()
                                + ", none of mutualTls.clientCas: a CRL is believed only from the CA whose certificates it revokes");
                    }
                    crls.add(crl);
                }
            } catch (IOException e) {
                r.problem(at + "/crls/" + i, e.getMessage());
            }
        }
        String header = r.text(at, node, "clientCertificateHeader", null);
        if (header != null && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
            r.problem(at + "/clientCertificateHeader", "must be a header name (letters, digits, '-'), e.g. X-Client-Cert");
            header = null;
        }
        Map<String, Set<String>> allowed = fingerprints(r, at, r.object(at, node, "allowedFingerprints"));
        if (cas.isEmpty() && caFiles.isEmpty() && (header != null || !allowed.isEmpty() || !crlFiles.isEmpty())) {
            r.problem(at, "clientCertificateHeader, crls and allowedFingerprints need clientCas: "
                    + "list the CA certificates client certificates must chain to");
        }
        return new MutualTls(cas, crls, header, allowed);
    }

    /** The client CA that signed {@code crl}, or null. */
    static X509Certificate issuerOf(X509CRL crl, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey());
                    return ca;
                } catch (GeneralSecurityException e) {
                    // same name, another key: try the next
                }
            }
        }
        return null;
    }

    private static Map<String, Set<String>> fingerprints(ConfigReader r, String at, JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        String here = at + "/allowedFingerprints";
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String api = it.next();
            String pointer = here + "/" + api.replace("~", "~0").replace("/", "~1");
            if (!api.matches("[^:]+:[^:]+")) {
                r.problem(pointer, "must name an API as \"Name:Version\" (its info.title and info.version), e.g. \"Petstore:1.0.5\"");
                continue;
            }
            JsonNode list = node.get(api);
            if (!list.isArray() || list.isEmpty()) {
                r.problem(pointer, "must be a list of SHA-256 fingerprints (64 hex digits, colons allowed): "
                        + "openssl x509 -in client.pem -noout -fingerprint -sha256");
                continue;
            }
            Set<String> prints = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String hex = list.get(i).asText("").replace(":", "").toLowerCase(Locale.ROOT);
                if (!hex.matches("[0-9a-f]{64}")) {
                    r.problem(pointer + "/" + i, "is not a SHA-256 fingerprint (64 hex digits, colons allowed): "
                            + "openssl x509 -in client.pem -noout -fingerprint -sha256");
                    continue;
                }
                prints.add(hex);
            }
            out.put(api, Set.copyOf(prints));
        }
        return out;
    }
}
