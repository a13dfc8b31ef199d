package io.outpost.gateway.security.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.security.tls.PemFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code security.opaqueTokens.introspection} in gateway.yaml: the key manager an opaque token the
 * table does not list is asked about (RFC 7662), the only request-time network call the gateway
 * makes. Absent = off: nothing is built and no connection is ever opened (docs/security.md,
 * "Introspection").
 *
 * @param endpoint            the introspection endpoint: https, or http to a loopback address only
 * @param clientSecret        read from {@code clientSecretFile} when gateway.yaml is read; never in the yaml itself
 * @param trustedCertificates the key manager's CA or certificate; empty = the JVM's trust store
 * @param cacheSeconds        how long an active answer is kept (never past the token's {@code exp})
 * @param negativeCacheSeconds how long an inactive answer is kept
 * @param maxConcurrent       calls under way at once; past that a token is treated as if the key manager were unreachable
 */
public record IntrospectionSettings(URI endpoint, String clientId, String clientSecret, List<X509Certificate> trustedCertificates,
                                    int timeoutMillis, int cacheSeconds, int negativeCacheSeconds, int maxCacheEntries,
                                    int maxConcurrent, OfflinePolicy offline) {

    /** What a token the table does not list gets when the key manager cannot answer (unreachable, timeout, busy, garbled). */
    public enum OfflinePolicy {
        /** 503 / 101503: the token was not judged, so it is neither accepted nor called invalid. */
        FAIL_CLOSED("fail-closed"),
        /** The table's answer, 401 / 900901, as if introspection were off. */
        TABLE_ONLY("table-only");

        final String yaml;

        OfflinePolicy(String yaml) {
            this.yaml = yaml;
        }
    }

    public static final int DEFAULT_TIMEOUT_MILLIS = 2000;
    public static final int DEFAULT_CACHE_SECONDS = 60;
    public static final int DEFAULT_NEGATIVE_CACHE_SECONDS = 10;
    public static final int DEFAULT_MAX_CACHE_ENTRIES = 10_000;
    public static final int DEFAULT_MAX_CONCURRENT = 8;
    private static final Set<String> KEYS = Set.of("endpoint", "clientId", "clientSecretFile", "trustedCertificates",
            "timeoutMillis", "cacheSeconds", "negativeCacheSeconds", "maxCacheEntries", "maxConcurrent", "offline");

    public IntrospectionSettings {
        trustedCertificates = List.copyOf(trustedCertificates);
    }

    /** Never prints the secret (a record's toString would). */
    @Override
    public String toString() {
        return "IntrospectionSettings[endpoint=" + endpoint + ", clientId=" + clientId + ", offline=" + offline.yaml + "]";
    }

    /**
     * Reads {@code security.opaqueTokens} (null when absent), reporting every problem to the reader.
     *
     * @return the introspection settings, or null when introspection is off
     */
    public static IntrospectionSettings read(ConfigReader r, String at, JsonNode opaqueTokens) {
        if (opaqueTokens == null) {
            return null;
        }
        String section = at + "/opaqueTokens";
        r.known(section, opaqueTokens, Set.of("introspection"));
        JsonNode node = r.object(section, opaqueTokens, "introspection");
        if (node == null) {
            return null;
        }
        String here = section + "/introspection";
        if (node.has("clientSecret")) {
            r.problem(here + "/clientSecret", "the secret must not be in gateway.yaml; write it alone in a file readable by the"
                    + " gateway only (chmod 600) and name that file in clientSecretFile");
        }
        r.known(here, node, node.has("clientSecret") ? with(KEYS, "clientSecret") : KEYS);
        URI endpoint = endpoint(r, here, node);
        String clientId = r.text(here, node, "clientId", null);
        if (clientId == null || clientId.isBlank()) {
            r.problem(here + (clientId == null ? "" : "/clientId"), "clientId is required: the key manager's client id of this gateway");
        }
        String secret = secret(r, here, node);
        List<X509Certificate> certificates = new ArrayList<>();
        List<Path> pems = r.pathList(here, node, "trustedCertificates", "PEM certificate files");
        for (int i = 0; i < pems.size(); i++) {
            try {
                if (Files.isReadable(pems.get(i))) {
                    certificates.addAll(PemFiles.certificates(pems.get(i)));
                }
            } catch (IOException | RuntimeException e) {
                r.problem(here + "/trustedCertificates/" + i, e.getMessage() + "; fix: the key manager's CA certificate, PEM");
            }
        }
        return new IntrospectionSettings(endpoint, clientId, secret, certificates,
                (int) r.number(here, node, "timeoutMillis", 100, 5000, DEFAULT_TIMEOUT_MILLIS),
                (int) r.number(here, node, "cacheSeconds", 0, 3600, DEFAULT_CACHE_SECONDS),
                (int) r.number(here, node, "negativeCacheSeconds", 0, 3600, DEFAULT_NEGATIVE_CACHE_SECONDS),
                (int) r.number(here, node, "maxCacheEntries", 0, 100_000, DEFAULT_MAX_CACHE_ENTRIES),
                (int) r.number(here, node, "maxConcurrent", 1, 64, DEFAULT_MAX_CONCURRENT), offline(r, here, node));
    }

    private static Set<String> with(Set<String> keys, String more) {
        Set<String> all = new java.util.HashSet<>(keys);
        all.add(more);
        return all;
    }

    private static URI endpoint(ConfigReader r, String here, JsonNode node) {
        String value = r.text(here, node, "endpoint", null);
        if (value == null) {
            r.problem(here, "endpoint is required: the key manager's RFC 7662 endpoint, e.g. https://km.example/oauth2/introspect");
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                r.problem(here + "/endpoint", "must be an https URL, e.g. https://km.example/oauth2/introspect (got '" + value + "')");
                return null;
            }
            if (scheme.equals("http") && !loopback(uri.getHost())) {
                r.problem(here + "/endpoint", "http sends the client secret and the tokens in clear: use https, or http to a"
                        + " key manager on this device (127.0.0.1, localhost, [::1]) only");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            r.problem(here + "/endpoint", "not a URL: " + e.getMessage());
            return null;
        }
    }

    /** Judged by the name as written: nothing is resolved while gateway.yaml is read (no DNS at start). */
    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress(); // a literal address: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String secret(ConfigReader r, String here, JsonNode node) {
        Path file = r.path(here, node, "clientSecretFile", null, true);
        if (file == null) {
            if (!node.has("clientSecretFile")) {
                r.problem(here, "clientSecretFile is required: a file holding the client secret alone (chmod 600)");
            }
            return null;
        }
        try {
            if (!Files.isReadable(file)) {
                return null; // reported by path()
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty() || secret.contains("\n")) {
                r.problem(here + "/clientSecretFile", "file " + file + " must hold the client secret alone, on one line");
                return null;
            }
            return secret;
        } catch (IOException e) {
            r.problem(here + "/clientSecretFile", "cannot read " + file + ": " + e.getMessage());
            return null;
        }
    }

    private static OfflinePolicy offline(ConfigReader r, String here, JsonNode node) {
        String value = r.text(here, node, "offline", OfflinePolicy.FAIL_CLOSED.yaml);
        for (OfflinePolicy policy : OfflinePolicy.values()) {
            if (policy.yaml.equalsIgnoreCase(value)) {
                return policy;
            }
        }
        r.problem(here + "/offline", "must be fail-closed (the default: 503 while the key manager cannot answer) or table-only"
                + " (401, as if introspection were off) (got '" + value + "')");
        return OfflinePolicy.FAIL_CLOSED;
    }
}
