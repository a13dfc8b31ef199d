package io.outpost.toolkit.migrate;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Which of WSO2's cipher suites the HTTPS listener can keep. WSO2's default list still had 3DES and
 * a signalling value; the gateway runs on Java 17, whose TLS enables a fixed set, and a name it does
 * not enable would either stop the gateway or be ignored. So only names Java 17 enables by default are
 * kept, and each dropped group is named with its reason.
 */
final class CipherSuites {
    private CipherSuites() {}

    static List<String> keep(Table ssl, List<String> wanted) {
        Set<String> enabled = enabledByDefault();
        List<String> kept = new ArrayList<>();
        Map<String, List<String>> dropped = new LinkedHashMap<>();
        for (String suite : wanted) {
            String reason = reason(suite, enabled);
            if (reason == null) {
                if (!kept.contains(suite)) {
                    kept.add(suite);
                }
            } else {
                List<String> group = dropped.computeIfAbsent(reason, r -> new ArrayList<>());
                if (!group.contains(suite)) {
                    group.add(suite);
                }
            }
        }
        for (var group : dropped.entrySet()) {
            ssl.note(Note.Kind.WARNING, "ciphers", "[mutualSSLConfig] ciphers: dropped " + String.join(", ", group.getValue())
                    + ": " + group.getKey());
        }
        if (kept.isEmpty()) {
            ssl.note(Note.Kind.WARNING, "ciphers", "[mutualSSLConfig] ciphers: none left; the listener's default suites apply");
        }
        return kept;
    }

    private static String reason(String suite, Set<String> enabled) {
        if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
            return "a signalling value, not a cipher suite (Java sends it by itself)";
        }
        if (suite.matches(".*_(3DES_EDE|DES|RC4_128|RC4_40|NULL|EXPORT|anon)_.*|.*_(NULL|anon)$")) {
            return "broken ciphers (3DES: Sweet32; RC4, DES, NULL, EXPORT, anonymous), disabled in Java";
        }
        if (!enabled.contains(suite)) {
            return "not enabled by Java 17's TLS (unknown, or in jdk.tls.disabledAlgorithms)";
        }
        return null;
    }

    private static Set<String> enabledByDefault() {
        try {
            return Set.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no default TLS context", e);
        }
    }
}
