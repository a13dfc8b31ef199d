package io.outpost.gateway.security.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code listeners.https} and {@code security.mutualTls} in gateway.yaml: the HTTPS listener and
 * the client CAs of mutual TLS (docs/security.md, "TLS and mutual TLS"). Every file is read, and
 * the TLS context built, when the configuration is read: a problem stops the start at its line.
 *
 * @param https     the HTTPS listener, or null for none (plain HTTP only)
 * @param mutualTls client certificates: CAs, CRLs, the proxy header, pinned fingerprints
 */
public record TlsSettings(HttpsListener https, MutualTls mutualTls) {
    public static final TlsSettings DEFAULT = new TlsSettings(null, MutualTls.NONE);

    /**
     * @param at        the pointer of {@code listeners}
     * @param listeners the {@code listeners} mapping, or null
     * @param security  the {@code security} mapping, or null
     */
    public static TlsSettings read(ConfigReader r, String at, JsonNode listeners, JsonNode security) {
        MutualTls mutual = security == null ? MutualTls.NONE
                : MutualTls.read(r, "/security/mutualTls", r.object("/security", security, "mutualTls"));
        HttpsListener https = listeners == null ? null : HttpsListener.read(r, at + "/https", r.object(at, listeners, "https"), mutual);
        return new TlsSettings(https, mutual);
    }

    /** The same settings with the HTTPS listener on {@code port}, when it is not null (the {@code --https-port} option). */
    public TlsSettings withHttpsPort(Integer port) {
        if (port == null) {
            return this;
        }
        if (https == null) {
            throw new IllegalArgumentException("--https-port needs an HTTPS listener: set listeners.https (certificate and key) in gateway.yaml");
        }
        return new TlsSettings(https.withPort(port), mutualTls);
    }

    /**
     * These settings with the client CAs and pinned fingerprints a {@code keys} trust bundle adds
     * (docs/security.md, "Trust bundles"): a generation's material is built with them.
     */
    public TlsSettings withBundleTrust(List<X509Certificate> clientCas, Map<String, Set<String>> pinnedFingerprints) {
        MutualTls merged = mutualTls.plus(clientCas, pinnedFingerprints);
        return merged == mutualTls ? this : new TlsSettings(https, merged);
    }

    /** A list of strings at {@code key}, or null when it is absent. */
    static List<String> strings(ConfigReader r, String at, JsonNode node, String key) {
        JsonNode list = node.get(key);
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            r.problem(at + "/" + key, "must be a list, e.g. [" + (key.equals("protocols") ? "TLSv1.3, TLSv1.2" : "TLS_AES_128_GCM_SHA256") + "]");
            return null; // reported once; the defaults stand in meanwhile
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                r.problem(at + "/" + key + "/" + i, "must be a name");
                continue;
            }
            out.add(list.get(i).asText().trim());
        }
        return out;
    }
}
