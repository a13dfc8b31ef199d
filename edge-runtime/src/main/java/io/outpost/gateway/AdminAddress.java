package io.outpost.gateway;

import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code outpost gateway reload} asks: gateway.yaml's {@code admin.host} and {@code admin.port}
 * (or {@code --admin-port}). The reload client runs as systemd's {@code ExecReload} inside the
 * gateway's own memory limit, so it reads these two keys from a block-style {@code admin:} section,
 * or a one-line {@code admin: {host: …, port: …}} as the packaged file has, by itself, without the
 * YAML library and the whole loader (half its classes); a file it cannot read so plainly (anchors,
 * nested or quoted flow values, a value it cannot parse) goes through the full loader, whose error
 * names the line. The rest of the file is verified by the reload itself.
 */
record AdminAddress(String host, int port, Path source) {

    static AdminAddress of(GatewayOptions options) throws ConfigException {
        Path file = configFile(options);
        AdminAddress plain = file == null ? new AdminAddress(GatewayConfig.DEFAULT_ADMIN.host(),
                GatewayConfig.DEFAULT_ADMIN.port(), null) : plain(file);
        if (plain == null) {
            GatewayConfig config = options.loadConfig();
            plain = new AdminAddress(config.admin().host(), config.admin().port(), config.source());
        }
        return options.adminPort() == null ? plain : new AdminAddress(plain.host, options.adminPort(), plain.source);
    }

    /** The file {@link GatewayOptions#loadConfig()} would read (the same order), null for the defaults. */
    private static Path configFile(GatewayOptions options) {
        if (options.configFile() != null) {
            return options.configFile();
        }
        String env = System.getenv("OUTPOST_GATEWAY_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path system = Path.of("/etc/outpost/gateway.yaml");
        return Files.isRegularFile(system) ? system : null;
    }

    /** The address to connect to: a wildcard listener is asked on loopback. */
    String connectHost() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    }

    /** admin.host and admin.port of a block-style file; null when the file is not that plain (the full loader decides). */
    static AdminAddress plain(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String host = GatewayConfig.DEFAULT_ADMIN.host();
        int port = GatewayConfig.DEFAULT_ADMIN.port();
        boolean inAdmin = false;
        boolean seen = false;
        int childIndent = -1;
        for (String raw : lines) {
            String line = uncomment(raw);
            if (line.isBlank() || line.equals("---")) {
                continue;
            }
            if (line.indexOf('\t') >= 0 || line.contains("&") || line.contains("*")) {
                if (inAdmin || line.startsWith("admin")) {
                    return null;
                }
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent == 0) {
                inAdmin = false;
                childIndent = -1;
                if (!line.startsWith("admin")) {
                    continue;
                }
                if (seen) {
                    return null; // twice: the loader's error says which line
                }
                seen = true;
                String rest = line.substring("admin".length()).strip();
                if (rest.equals(":")) {
                    inAdmin = true;
                    continue;
                }
                // one flow-style line, as the packaged file has it: admin: {host: 127.0.0.1, port: 9097}
                if (!rest.startsWith(":") || !rest.endsWith("}") || !rest.substring(1).strip().startsWith("{")) {
                    return null;
                }
                String inner = rest.substring(rest.indexOf('{') + 1, rest.length() - 1);
                if (inner.contains("{") || inner.contains("[") || inner.contains("\"") || inner.contains("'")) {
                    return null;
                }
                for (String entry : inner.split(",")) {
                    if (entry.isBlank()) {
                        continue;
                    }
                    Object r = entry(entry.strip(), host, port);
                    if (r == null) {
                        return null;
                    }
                    if (r instanceof String h) {
                        host = h;
                    } else {
                        port = (Integer) r;
                    }
                }
                continue;
            }
            if (line.contains("{")) {
                if (inAdmin) {
                    return null;
                }
            }
            if (!inAdmin) {
                continue;
            }
            if (childIndent < 0) {
                childIndent = indent;
            }
            if (indent != childIndent) {
                return null;
            }
            Object r = entry(line.strip(), host, port);
            if (r == null) {
                return null;
            }
            if (r instanceof String h) {
                host = h;
            } else {
                port = (Integer) r;
            }
        }
        return new AdminAddress(host, port, file);
    }

    /** One {@code key: value} of admin: the host (a String) or the port (an Integer); null for anything else. */
    private static Object entry(String entry, String host, int port) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String key = entry.substring(0, colon).strip();
        String value = unquote(entry.substring(colon + 1).strip());
        if (key.equals("host") && !value.isEmpty()) {
            return value;
        }
        if (!key.equals("port")) {
            return null; // a key of admin the loader knows better (or refuses at its line)
        }
        try {
            int p = Integer.parseInt(value);
            return p < 0 || p > 65535 ? null : p;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String uncomment(String line) {
        int hash = line.indexOf(" #");
        String s = line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line;
        return s.stripTrailing();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
