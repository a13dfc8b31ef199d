package io.outpost.provisioning.bundle;

import java.util.List;

/**
 * gateway.yaml and sync.yaml of a provisioned device. Paths are relative to /etc/outpost (both
 * loaders resolve them against the file's folder), so the installed bytes are the signed bytes
 * whatever root the bundle is installed under.
 */
final class ConfigFiles {
    private static final String STATE = "../../var/lib/outpost";

    private ConfigFiles() {}

    static String gatewayYaml(DeviceRequest r, List<String> jwtFiles, boolean clientCa) {
        StringBuilder y = new StringBuilder(header(r.name()));
        y.append("listeners:\n")
                .append("  http: {host: 0.0.0.0, port: ").append(r.ports().http()).append("}\n")
                .append("  https:\n")
                .append("    host: 0.0.0.0\n")
                .append("    port: ").append(r.ports().https()).append('\n')
                .append("    certificate: tls/gateway.pem\n")
                .append("    key: tls/device.key.pem\n")
                .append("admin: {host: 127.0.0.1, port: ").append(r.ports().admin()).append("}\n")
                .append("artifact: ").append(STATE).append("/artifact/current.outpost\n")
                .append("stateDir: ").append(STATE).append('\n')
                .append("trust:\n")
                .append("  publisherKeys: [trust/publisher.pub.jwk]\n")
                .append("  updateKey: trust/update-signing.pub.jwk\n");
        if (!jwtFiles.isEmpty() || clientCa) {
            y.append("security:\n");
        }
        if (!jwtFiles.isEmpty()) {
            y.append("  jwt:\n    issuers:\n");
            int i = 0;
            for (String issuer : r.jwtIssuers().keySet()) {
                y.append("      - issuer: ").append(quoted(issuer)).append('\n')
                        .append("        jwks: [").append(jwtFiles.get(i++)).append("]\n");
            }
        }
        if (clientCa) {
            y.append("  mutualTls:\n    clientCas: [tls/client-ca.pem]\n");
        }
        return y.toString();
    }

    static String syncYaml(DeviceRequest r, boolean managementCa) {
        StringBuilder y = new StringBuilder(header(r.name()));
        y.append("stateDir: ").append(STATE).append('\n')
                .append("journal: ").append(STATE).append("/journal\n");
        if (r.managementUrl() != null) {
            y.append("management:\n")
                    .append("  url: ").append(quoted(r.managementUrl())).append('\n')
                    .append("  auth:\n")
                    .append("    clientCert: tls/client.pem\n")
                    .append("    clientKey: tls/device.key.pem\n");
            if (managementCa) {
                y.append("  trustedCa: trust/mgmt-ca.pem\n");
            }
        }
        y.append("updates:\n  publicKey: trust/update-signing.pub.jwk\n")
                .append("admin: {host: 127.0.0.1, port: ").append(r.ports().syncAdmin()).append("}\n");
        if (!r.gpio().isEmpty()) {
            y.append("gpio:\n");
            r.gpio().forEach((key, value) -> y.append("  ").append(key).append(": ").append(value).append('\n'));
        }
        return y.toString();
    }

    private static String header(String device) {
        return "# Made by `outpost provision device " + device + "` (docs/device.md, \"Provisioning a device\").\n"
                + "# Paths are relative to this file's folder, /etc/outpost. Re-provision rather than edit:\n"
                + "# the next `outpost provision install` replaces this file.\n";
    }

    /** YAML single-quoted scalar: nothing in a URL or issuer can end the value or start a comment. */
    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
