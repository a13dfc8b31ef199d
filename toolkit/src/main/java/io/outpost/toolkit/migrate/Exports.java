package io.outpost.toolkit.migrate;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The files the migrated YAML refers to that WSO2 kept in Java keystores: Outpost reads PEM files,
 * so each one gets an export note with the exact keytool / openssl command (keytool and openssl ask
 * for the store's password; the commands never carry it). The YAML names them {@code keys/FILE},
 * relative to gateway.yaml's folder; the commands write them where that folder is.
 */
final class Exports {
    /** Microgateway 3.2's stores when listenerConfig names none. */
    static final String DEFAULT_KEYSTORE = "${mgw-runtime.home}/runtime/bre/security/ballerinaKeystore.p12";
    static final String DEFAULT_TRUSTSTORE = "${mgw-runtime.home}/runtime/bre/security/ballerinaTruststore.p12";

    private final String commandDir;
    private final Shell shell = new Shell();
    private final Set<String> exported = new HashSet<>();

    /** @param commandDir where the commands write the files: "keys", or OUT's folder + "/keys" */
    Exports(String commandDir) {
        this.commandDir = commandDir;
    }

    /** A certificate WSO2 looked up by alias in its truststore (a JWT or API-key issuer's). */
    String trustedCertificate(Table t, String key, String alias, String store) {
        String file = fileName(alias) + ".pem";
        return export(t, key, file, "the certificate of alias " + alias + " in " + store,
                "keytool -exportcert -rfc -alias " + Shell.word(alias) + " -keystore " + shell.path(store)
                        + storeType(store) + " -file " + target(file));
    }

    /** Every certificate of the truststore, which WSO2 trusted for client certificates. */
    String allCertificates(Table t, String key, String store, String file) {
        return export(t, key, file, "every certificate of " + store + " (WSO2 trusted them all for client "
                        + "certificates; keep only the CAs that issue your clients' certificates)",
                pkcs12(store, "truststore", " -nokeys -out " + target(file)));
    }

    /** The listener's certificate: the certificate of the keystore's key entry. */
    String keyEntryCertificate(Table t, String key, String store, String file) {
        return export(t, key, file, "the certificate of the key entry in " + store,
                pkcs12(store, "keystore", " -clcerts -nokeys | openssl x509 -out " + target(file)));
    }

    /** The listener's private key, unencrypted PEM (PKCS#8): readable by the gateway's user only. */
    String keyEntryKey(Table t, String key, String store, String file) {
        String command = pkcs12(store, "keystore", " -nocerts -nodes | openssl pkey -out " + target(file));
        return export(t, key, file, "the private key of the key entry in " + store,
                command.startsWith("(umask 077; ") ? command : "(umask 077; " + command + ")");
    }

    /** A private key by alias (the API-key signing key), through a one-entry PKCS#12 copy. */
    String aliasKey(Table t, String key, String alias, String store, String file) {
        String copy = target(fileName(alias) + "-only.p12");
        return export(t, key, file, "the private key of alias " + alias + " in " + store,
                "(umask 077; keytool -importkeystore -srckeystore " + shell.path(store) + srcStoreType(store)
                        + " -srcalias " + Shell.word(alias) + " -destkeystore " + copy + " -deststoretype PKCS12"
                        + " && openssl pkcs12 -in " + copy + " -nocerts -nodes | openssl pkey -out " + target(file)
                        + "; rm -f " + copy + ")");
    }

    /** A JWKS that WSO2 fetched at run time; Outpost reads a file and never fetches. */
    String jwks(Table t, String key, String url, String file) {
        return export(t, key, file, "the JWKS of " + url + ", fetched once (the gateway never fetches keys; "
                        + "later keys arrive as signed `keys` update bundles)",
                "curl -fsS -o " + target(file) + " " + Shell.word(url));
    }

    /** The Ballerina variables the commands use, each a note asking to set it. */
    Set<String> variables() {
        return shell.variables();
    }

    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    private String export(Table t, String key, String file, String what, String command) {
        String yamlPath = "keys/" + file;
        if (exported.add(file)) {
            // Each line works alone, pasted in any order: it makes the folder it writes to.
            t.note(Note.Kind.EXPORT, key, yamlPath + " <- " + what + ": mkdir -p " + Shell.word(commandDir) + " && " + command);
        }
        return yamlPath;
    }

    /** {@code file} as the commands write it (under OUT's folder when the YAML goes to a file). */
    String target(String file) {
        return Shell.word(commandDir + "/" + file);
    }

    /**
     * "openssl pkcs12 -in STORE" + {@code rest}. openssl cannot read JKS: such a store is copied to
     * PKCS#12 first, in a private subshell, and the copy (which holds the key) removed after.
     */
    private String pkcs12(String store, String what, String rest) {
        if (!isJks(store)) {
            return "openssl pkcs12 -in " + shell.path(store) + rest;
        }
        String copy = target(what + ".p12");
        return "(umask 077; keytool -importkeystore -srckeystore " + shell.path(store) + " -srcstoretype JKS -destkeystore "
                + copy + " -deststoretype PKCS12 && openssl pkcs12 -in " + copy + rest + "; rm -f " + copy + ")";
    }

    private static String storeType(String store) {
        String type = type(store);
        return type == null ? "" : " -storetype " + type;
    }

    private static String srcStoreType(String store) {
        String type = type(store);
        return type == null ? "" : " -srcstoretype " + type;
    }

    private static boolean isJks(String store) {
        return "JKS".equals(type(store));
    }

    private static String type(String store) {
        String s = store.toLowerCase(Locale.ROOT);
        if (s.endsWith(".p12") || s.endsWith(".pfx")) {
            return "PKCS12";
        }
        return s.endsWith(".jks") ? "JKS" : null;
    }
}
