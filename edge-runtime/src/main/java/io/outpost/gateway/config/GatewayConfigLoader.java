package io.outpost.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.LocatedYaml;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.common.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code gateway.yaml}. Every wrong value is reported with the file, line, key and the
 * accepted range, all at once; unknown keys are errors (a typo must not silently fall back to a
 * default). Relative paths are resolved against the file's directory.
 */
public final class GatewayConfigLoader {
    private final YamlDocument doc;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();

    private GatewayConfigLoader(YamlDocument doc, Path baseDir) {
        this.doc = doc;
        this.baseDir = baseDir;
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        YamlDocument doc;
        try {
            doc = LocatedYaml.parse(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": configuration file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        } catch (YamlException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return new GatewayConfigLoader(doc, dir).read(file);
    }

    private GatewayConfig read(Path file) throws ConfigException {
        JsonNode root = doc.root();
        if (root.isMissingNode() || root.isNull()) {
            return GatewayConfig.defaults().withSource(file);
        }
        if (!root.isObject()) {
            problem("", "(document)", "must be a mapping of settings");
            throw new ConfigException(problems);
        }
        known("", root, Set.of("listeners", "admin", "artifact", "stateDir", "trust", "limits", "backends", "analytics",
                "shutdown"));
        GatewayConfig.Listener http = GatewayConfig.DEFAULT_HTTP;
        JsonNode listeners = object("", root, "listeners");
        if (listeners != null) {
            known("/listeners", listeners, Set.of("http"));
            http = listener("/listeners", listeners, "http", GatewayConfig.DEFAULT_HTTP);
        }
        GatewayConfig.Listener admin = listener("", root, "admin", GatewayConfig.DEFAULT_ADMIN);
        Path artifact = path("", root, "artifact", null);
        Path stateDir = path("", root, "stateDir", GatewayConfig.DEFAULT_STATE_DIR);
        List<Path> keys = List.of();
        Path updateKey = null;
        JsonNode trust = object("", root, "trust");
        if (trust != null) {
            known("/trust", trust, Set.of("publisherKeys", "updateKey"));
            keys = pathList("/trust", trust, "publisherKeys", "key files");
            updateKey = path("/trust", trust, "updateKey", null);
            readable("/trust/updateKey", updateKey);
        }
        GatewayConfig.Limits limits = limits(object("", root, "limits"));
        GatewayConfig.Backends backends = backends(object("", root, "backends"));
        GatewayConfig.Analytics analytics = analytics(object("", root, "analytics"));
        long drain = GatewayConfig.DEFAULT_DRAIN_TIMEOUT_MILLIS;
        JsonNode shutdown = object("", root, "shutdown");
        if (shutdown != null) {
            known("/shutdown", shutdown, Set.of("drainTimeoutMillis"));
            drain = number("/shutdown", shutdown, "drainTimeoutMillis", 0, 600_000, drain);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GatewayConfig(file, http, admin, artifact, stateDir, keys, updateKey, limits, backends, analytics, drain);
    }

    private GatewayConfig.Limits limits(JsonNode l) {
        GatewayConfig.Limits d = GatewayConfig.DEFAULT_LIMITS;
        if (l == null) {
            return d;
        }
        String at = "/limits";
        known(at, l, Set.of("maxInitialLineLength", "maxHeaderSize", "maxHeaderCount", "maxRequestBodyBytes",
                "maxPipelinedRequests", "maxConnections", "idleTimeoutSeconds", "requestHeaderTimeoutSeconds",
                "requestBodyTimeoutSeconds", "backendConnectTimeoutMillis", "backendResponseTimeoutMillis"));
        return new GatewayConfig.Limits(
                (int) number(at, l, "maxInitialLineLength", 256, 65536, d.maxInitialLineLength()),
                (int) number(at, l, "maxHeaderSize", 1024, 1 << 20, d.maxHeaderSize()),
                (int) number(at, l, "maxHeaderCount", 8, 10_000, d.maxHeaderCount()),
                number(at, l, "maxRequestBodyBytes", 0, Long.MAX_VALUE, d.maxRequestBodyBytes()),
                (int) number(at, l, "maxPipelinedRequests", 1, 1024, d.maxPipelinedRequests()),
                (int) number(at, l, "maxConnections", 1, 1_000_000, d.maxConnections()),
                (int) number(at, l, "idleTimeoutSeconds", 1, 86400, d.idleTimeoutSeconds()),
                (int) number(at, l, "requestHeaderTimeoutSeconds", 1, 3600, d.requestHeaderTimeoutSeconds()),
                (int) number(at, l, "requestBodyTimeoutSeconds", 1, 3600, d.requestBodyTimeoutSeconds()),
                (int) number(at, l, "backendConnectTimeoutMillis", 1, 600_000, d.backendConnectTimeoutMillis()),
                number(at, l, "backendResponseTimeoutMillis", 1, 3_600_000, d.backendResponseTimeoutMillis()));
    }

    private GatewayConfig.Backends backends(JsonNode b) {
        GatewayConfig.Backends d = GatewayConfig.DEFAULT_BACKENDS;
        if (b == null) {
            return d;
        }
        String at = "/backends";
        known(at, b, Set.of("pool", "replayBufferBytes", "suspendMillis", "tls"));
        GatewayConfig.Pool pool = d.pool();
        JsonNode p = object(at, b, "pool");
        if (p != null) {
            String here = at + "/pool";
            known(here, p, Set.of("maxActive", "maxIdle", "waitTimeMillis", "idleTimeoutSeconds"));
            pool = new GatewayConfig.Pool(
                    (int) number(here, p, "maxActive", 1, 100_000, pool.maxActive()),
                    (int) number(here, p, "maxIdle", 0, 100_000, pool.maxIdle()),
                    number(here, p, "waitTimeMillis", 0, 600_000, pool.waitTimeMillis()),
                    (int) number(here, p, "idleTimeoutSeconds", 1, 86_400, pool.idleTimeoutSeconds()));
        }
        GatewayConfig.BackendTls tls = d.tls();
        JsonNode t = object(at, b, "tls");
        if (t != null) {
            String here = at + "/tls";
            known(here, t, Set.of("trustedCertificates", "verifyHostname", "clientCertificate", "clientKey"));
            Path cert = path(here, t, "clientCertificate", null);
            Path key = path(here, t, "clientKey", null);
            if ((cert == null) != (key == null)) {
                problem(here + (cert == null ? "/clientKey" : "/clientCertificate"), dotted(here),
                        "clientCertificate and clientKey go together: set both or neither");
            }
            readable(here + "/clientCertificate", cert);
            readable(here + "/clientKey", key);
            tls = new GatewayConfig.BackendTls(pathList(here, t, "trustedCertificates", "PEM certificate files"),
                    bool(here, t, "verifyHostname", true), cert, key);
        }
        return new GatewayConfig.Backends(pool,
                number(at, b, "replayBufferBytes", 0, 64L << 20, d.replayBufferBytes()),
                number(at, b, "suspendMillis", 0, 3_600_000, d.suspendMillis()), tls);
    }

    private GatewayConfig.Analytics analytics(JsonNode a) {
        GatewayConfig.Analytics d = GatewayConfig.DEFAULT_ANALYTICS;
        if (a == null) {
            return d;
        }
        String at = "/analytics";
        known(at, a, Set.of("enabled", "journalDir", "deviceId", "rollPeriod", "maxJournalBytes", "minFreeBytes",
                "appendQueueCapacity", "clientIp"));
        String deviceId = text(at, a, "deviceId", null);
        if (deviceId != null && !deviceId.matches("[A-Za-z0-9._-]{1,64}")) {
            problem(at + "/deviceId", "analytics.deviceId", "must be 1-64 letters, digits, '.', '_' or '-' (got '" + deviceId + "')");
        }
        return new GatewayConfig.Analytics(
                bool(at, a, "enabled", d.enabled()),
                path(at, a, "journalDir", null),
                deviceId,
                choice(at, a, "rollPeriod", io.outpost.journal.RollPeriod.class, d.rollPeriod()),
                number(at, a, "maxJournalBytes", 1L << 20, Long.MAX_VALUE, d.maxJournalBytes()),
                number(at, a, "minFreeBytes", 0, Long.MAX_VALUE, d.minFreeBytes()),
                (int) number(at, a, "appendQueueCapacity", 16, 1 << 20, d.appendQueueCapacity()),
                choice(at, a, "clientIp", GatewayConfig.ClientIpMode.class, d.clientIp()));
    }

    private <E extends Enum<E>> E choice(String at, JsonNode parent, String key, Class<E> type, E dflt) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        problem(at + "/" + key, dotted(at + "/" + key), "must be one of " + String.join(", ", names) + " (got '" + value + "')");
        return dflt;
    }

    private void readable(String pointer, Path file) {
        if (file != null && !Files.isReadable(file)) {
            problem(pointer, dotted(pointer), "file " + file + " does not exist or is not readable");
        }
    }

    private boolean bool(String at, JsonNode parent, String key, boolean dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isBoolean()) {
            problem(at + "/" + key, dotted(at + "/" + key), "must be true or false (got " + node + ")");
            return dflt;
        }
        return node.asBoolean();
    }

    private GatewayConfig.Listener listener(String at, JsonNode parent, String key, GatewayConfig.Listener dflt) {
        JsonNode node = object(at, parent, key);
        if (node == null) {
            return dflt;
        }
        String here = at + "/" + key;
        known(here, node, Set.of("host", "port"));
        String host = text(here, node, "host", dflt.host());
        if (host != null && (host.isBlank() || host.contains("/") || host.contains(" "))) {
            problem(here + "/host", dotted(here + "/host"), "must be an IP address or host name (got '" + host + "')");
        }
        int port = (int) number(here, node, "port", 0, 65535, dflt.port());
        return new GatewayConfig.Listener(host, port);
    }

    private JsonNode object(String at, JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(at + "/" + key, dotted(at + "/" + key), "must be a mapping");
            return null;
        }
        return node;
    }

    private String text(String at, JsonNode parent, String key, String dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isTextual()) {
            problem(at + "/" + key, dotted(at + "/" + key), "must be a string (got " + node + ")");
            return dflt;
        }
        return node.asText();
    }

    private long number(String at, JsonNode parent, String key, long min, long max, long dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problem(at + "/" + key, dotted(at + "/" + key),
                    "must be a whole number from " + min + " to " + max + " (got " + node + ")");
            return dflt;
        }
        return node.asLong();
    }

    private Path path(String at, JsonNode parent, String key, Path dflt) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return dflt;
        }
        if (value.isBlank()) {
            problem(at + "/" + key, dotted(at + "/" + key), "must not be empty");
            return dflt;
        }
        return baseDir.resolve(value).normalize();
    }

    private List<Path> pathList(String at, JsonNode parent, String key, String what) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String here = at + "/" + key;
        if (!node.isArray()) {
            problem(here, dotted(here), "must be a list of " + what);
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(here + "/" + i, dotted(here) + "[" + i + "]", "must be a file path");
                continue;
            }
            Path p = baseDir.resolve(item.asText()).normalize();
            if (!Files.isReadable(p)) {
                problem(here + "/" + i, dotted(here) + "[" + i + "]", "file " + p + " does not exist or is not readable");
            }
            out.add(p);
        }
        return out;
    }

    private void known(String at, JsonNode node, Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                problem(at + "/" + YamlDocument.token(key), dotted(at + "/" + key),
                        "unknown key; expected one of " + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
    }

    private void problem(String pointer, String key, String reason) {
        problems.add(doc.position(pointer) + ": " + key + ": " + reason);
    }

    private static String dotted(String pointer) {
        return pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
    }
}
