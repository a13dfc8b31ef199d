package io.outpost.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.logging.LogSettings;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.http.TrustedProxies;
import io.outpost.gateway.security.SecuritySettings;
import io.outpost.gateway.throttling.ThrottleSettings;
import io.outpost.gateway.security.tls.TlsSettings;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.RollPeriodChange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code gateway.yaml}. Every wrong value is reported with the file, line, key and the
 * accepted range, all at once; unknown keys are errors (a typo must not silently fall back to a
 * default). Relative paths are resolved against the file's directory.
 */
public final class GatewayConfigLoader {
    private final ConfigReader r;

    private GatewayConfigLoader(ConfigReader reader) {
        this.r = reader;
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        return new GatewayConfigLoader(ConfigReader.open(file)).read(file);
    }

    private GatewayConfig read(Path file) throws ConfigException {
        JsonNode root = r.root();
        if (root.isMissingNode() || root.isNull()) {
            return GatewayConfig.defaults().withSource(file);
        }
        if (!root.isObject()) {
            r.problem("", "must be a mapping of settings");
            throw r.failure();
        }
        r.known("", root, Set.of("listeners", "admin", "artifact", "stateDir", "trust", "limits", "backends", "analytics",
                "shutdown", "transport", "trustedProxies", "security", "throttling", "lockdown", "logging"));
        GatewayConfig.Listener http = GatewayConfig.DEFAULT_HTTP;
        JsonNode listeners = r.object("", root, "listeners");
        if (listeners != null) {
            r.known("/listeners", listeners, Set.of("http", "https"));
            http = listener("/listeners", listeners, "http", GatewayConfig.DEFAULT_HTTP);
        }
        TlsSettings tls = TlsSettings.read(r, "/listeners", listeners, r.object("", root, "security"));
        GatewayConfig.Listener admin = listener("", root, "admin", GatewayConfig.DEFAULT_ADMIN);
        Path artifact = r.path("", root, "artifact", null, false);
        Path stateDir = r.path("", root, "stateDir", GatewayConfig.DEFAULT_STATE_DIR, false);
        List<Path> keys = List.of();
        Path updateKey = null;
        JsonNode trust = r.object("", root, "trust");
        if (trust != null) {
            r.known("/trust", trust, Set.of("publisherKeys", "updateKey"));
            keys = r.pathList("/trust", trust, "publisherKeys", "key files");
            updateKey = r.path("/trust", trust, "updateKey", null, false);
            r.readable("/trust/updateKey", updateKey);
        }
        GatewayConfig.Limits limits = limits(r.object("", root, "limits"));
        GatewayConfig.Backends backends = backends(r.object("", root, "backends"));
        GatewayConfig.Analytics analytics = analytics(r.object("", root, "analytics"));
        journalRollPeriod(analytics, stateDir);
        long drain = GatewayConfig.DEFAULT_DRAIN_TIMEOUT_MILLIS;
        JsonNode shutdown = r.object("", root, "shutdown");
        if (shutdown != null) {
            r.known("/shutdown", shutdown, Set.of("drainTimeoutMillis"));
            drain = r.number("/shutdown", shutdown, "drainTimeoutMillis", 0, 600_000, drain);
        }
        GatewayConfig.IoTransport transport = r.choice("", root, "transport", GatewayConfig.IoTransport.class,
                GatewayConfig.IoTransport.AUTO);
        Throwable unavailable = transport.unavailabilityCause();
        if (unavailable != null) {
            r.problem("/transport", transport.configName() + " is not available here (" + unavailable
                    + "); use auto, which falls back to epoll, then nio");
        }
        TrustedProxies trustedProxies = trustedProxies(root);
        SecuritySettings security = SecuritySettings.read(r, "", root);
        ThrottleSettings throttling = ThrottleSettings.read(r, "", root);
        boolean lockdown = lockdown(root);
        LogSettings logging = LogSettings.read(r, "", root, true);
        r.failIfProblems();
        return new GatewayConfig(file, http, admin, artifact, stateDir, keys, updateKey, limits, backends, analytics, drain,
                transport, trustedProxies, tls, security, throttling, lockdown, logging);
    }

    /**
     * {@code lockdown}: the gateway opens no connection but to the artifact's backends, so the one
     * setting that would make it call out, introspection, is refused at its own line.
     */
    private boolean lockdown(JsonNode root) {
        boolean lockdown = r.bool("", root, "lockdown", false);
        if (lockdown && root.path("security").path("opaqueTokens").has("introspection")) {
            r.problem("/security/opaqueTokens/introspection", "lockdown: true forbids introspection, a request-time call to the"
                    + " key manager; fix: remove security.opaqueTokens.introspection (opaque tokens are then checked against"
                    + " the opaque-tokens bundle alone), or set lockdown: false");
        }
        return lockdown;
    }

    /** {@code trustedProxies}: a list of addresses or networks (CIDR). */
    private TrustedProxies trustedProxies(JsonNode root) {
        JsonNode node = root.get("trustedProxies");
        if (node == null || node.isNull()) {
            return TrustedProxies.NONE;
        }
        if (!node.isArray()) {
            r.problem("/trustedProxies", "must be a list of addresses or networks, e.g. [10.0.0.0/8, 192.0.2.7]");
            return TrustedProxies.NONE;
        }
        List<String> cidrs = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String cidr = node.get(i).asText("").trim();
            try {
                TrustedProxies.of(List.of(cidr));
                cidrs.add(cidr);
            } catch (IllegalArgumentException e) {
                r.problem("/trustedProxies/" + i, e.getMessage());
            }
        }
        return TrustedProxies.of(cidrs);
    }

    private GatewayConfig.Limits limits(JsonNode l) {
        GatewayConfig.Limits d = GatewayConfig.DEFAULT_LIMITS;
        if (l == null) {
            return d;
        }
        String at = "/limits";
        r.known(at, l, Set.of("maxInitialLineLength", "maxHeaderSize", "maxHeaderCount", "maxRequestBodyBytes",
                "maxPipelinedRequests", "maxConnections", "idleTimeoutSeconds", "requestHeaderTimeoutSeconds",
                "requestBodyTimeoutSeconds", "backendConnectTimeoutMillis", "backendResponseTimeoutMillis"));
        return new GatewayConfig.Limits(
                (int) r.number(at, l, "maxInitialLineLength", 256, 65536, d.maxInitialLineLength()),
                (int) r.number(at, l, "maxHeaderSize", 1024, 1 << 20, d.maxHeaderSize()),
                (int) r.number(at, l, "maxHeaderCount", 8, 10_000, d.maxHeaderCount()),
                r.number(at, l, "maxRequestBodyBytes", 0, Long.MAX_VALUE, d.maxRequestBodyBytes()),
                (int) r.number(at, l, "maxPipelinedRequests", 1, 1024, d.maxPipelinedRequests()),
                (int) r.number(at, l, "maxConnections", 1, 1_000_000, d.maxConnections()),
                (int) r.number(at, l, "idleTimeoutSeconds", 1, 86400, d.idleTimeoutSeconds()),
                (int) r.number(at, l, "requestHeaderTimeoutSeconds", 1, 3600, d.requestHeaderTimeoutSeconds()),
                (int) r.number(at, l, "requestBodyTimeoutSeconds", 1, 3600, d.requestBodyTimeoutSeconds()),
                (int) r.number(at, l, "backendConnectTimeoutMillis", 1, 600_000, d.backendConnectTimeoutMillis()),
                r.number(at, l, "backendResponseTimeoutMillis", 1, 3_600_000, d.backendResponseTimeoutMillis()));
    }

    private GatewayConfig.Backends backends(JsonNode b) {
        GatewayConfig.Backends d = GatewayConfig.DEFAULT_BACKENDS;
        if (b == null) {
            return d;
        }
        String at = "/backends";
        r.known(at, b, Set.of("pool", "replayBufferBytes", "suspendMillis", "tls"));
        GatewayConfig.Pool pool = d.pool();
        JsonNode p = r.object(at, b, "pool");
        if (p != null) {
            String here = at + "/pool";
            r.known(here, p, Set.of("maxActive", "maxIdle", "waitTimeMillis", "idleTimeoutSeconds"));
            pool = new GatewayConfig.Pool(
                    (int) r.number(here, p, "maxActive", 1, 100_000, pool.maxActive()),
                    (int) r.number(here, p, "maxIdle", 0, 100_000, pool.maxIdle()),
                    r.number(here, p, "waitTimeMillis", 0, 600_000, pool.waitTimeMillis()),
                    (int) r.number(here, p, "idleTimeoutSeconds", 1, 86_400, pool.idleTimeoutSeconds()));
        }
        GatewayConfig.BackendTls tls = d.tls();
        JsonNode t = r.object(at, b, "tls");
        if (t != null) {
            String here = at + "/tls";
            r.known(here, t, Set.of("trustedCertificates", "verifyHostname", "clientCertificate", "clientKey"));
            Path cert = r.path(here, t, "clientCertificate", null, false);
            Path key = r.path(here, t, "clientKey", null, false);
            if ((cert == null) != (key == null)) {
                r.problem(here + (cert == null ? "/clientKey" : "/clientCertificate"),
                        "clientCertificate and clientKey go together: set both or neither");
            }
            r.readable(here + "/clientCertificate", cert);
            r.readable(here + "/clientKey", key);
            tls = new GatewayConfig.BackendTls(r.pathList(here, t, "trustedCertificates", "PEM certificate files"),
                    r.bool(here, t, "verifyHostname", true), cert, key);
        }
        return new GatewayConfig.Backends(pool,
                r.number(at, b, "replayBufferBytes", 0, 64L << 20, d.replayBufferBytes()),
                r.number(at, b, "suspendMillis", 0, 3_600_000, d.suspendMillis()), tls);
    }

    private GatewayConfig.Analytics analytics(JsonNode a) {
        GatewayConfig.Analytics d = GatewayConfig.DEFAULT_ANALYTICS;
        if (a == null) {
            return d;
        }
        String at = "/analytics";
        r.known(at, a, Set.of("enabled", "journalDir", "deviceId", "rollPeriod", "maxJournalBytes", "minFreeBytes",
                "appendQueueCapacity", "clientIp", "durability", "metricsSnapshotSeconds"));
        String deviceId = r.text(at, a, "deviceId", null);
        if (deviceId != null && !deviceId.matches("[A-Za-z0-9._-]{1,64}")) {
            r.problem(at + "/deviceId", "must be 1-64 letters, digits, '.', '_' or '-' (got '" + deviceId + "')");
        }
        long maxJournalBytes = r.number(at, a, "maxJournalBytes", 1, Long.MAX_VALUE, d.maxJournalBytes());
        if (maxJournalBytes < JournalSettings.MIN_MAX_JOURNAL_BYTES) {
            r.problem(at + "/maxJournalBytes", "must hold two journal cycles, the one being written and the one before: at least "
                    + JournalSettings.MIN_MAX_JOURNAL_BYTES + " (3 MiB; a cycle file takes 1.25 MiB before its first record); "
                    + "with less, every roll deletes the cycle before it, forwarded or not. Fix: maxJournalBytes: "
                    + JournalSettings.MIN_MAX_JOURNAL_BYTES + " or more");
        }
        return new GatewayConfig.Analytics(
                r.bool(at, a, "enabled", d.enabled()),
                r.path(at, a, "journalDir", null, false),
                deviceId,
                r.choice(at, a, "rollPeriod", io.outpost.journal.RollPeriod.class, d.rollPeriod()),
                maxJournalBytes,
                r.number(at, a, "minFreeBytes", 0, Long.MAX_VALUE, d.minFreeBytes()),
                (int) r.number(at, a, "appendQueueCapacity", 16, 1 << 20, d.appendQueueCapacity()),
                r.choice(at, a, "clientIp", GatewayConfig.ClientIpMode.class, d.clientIp()),
                r.choice(at, a, "durability", GatewayConfig.Durability.class, d.durability()),
                r.number(at, a, "metricsSnapshotSeconds", 0, 86_400, d.metricsSnapshotSeconds()));
    }

    /**
     * A rollPeriod other than the existing journal's: Chronicle would silently keep the old one. The
     * writer starts a fully forwarded journal anew with the new period; one with unforwarded events
     * is refused here, at rollPeriod's line, with the way out.
     */
    private void journalRollPeriod(GatewayConfig.Analytics analytics, Path stateDir) {
        if (!analytics.enabled()) {
            return;
        }
        Path journalDir = analytics.journalDir() != null ? analytics.journalDir() : stateDir.resolve("journal");
        try {
            RollPeriodChange.of(journalDir, analytics.rollPeriod()).filter(c -> !c.canApply())
                    .ifPresent(c -> r.problem("/analytics/rollPeriod", c.refusal(journalDir)));
        } catch (IOException e) {
            // Unreadable queue metadata: opening the journal reports it (and the gateway serves on).
        }
    }

    private GatewayConfig.Listener listener(String at, JsonNode parent, String key, GatewayConfig.Listener dflt) {
        JsonNode node = r.object(at, parent, key);
        if (node == null) {
            return dflt;
        }
        String here = at + "/" + key;
        r.known(here, node, Set.of("host", "port"));
        String host = r.host(here, node, "host", dflt.host());
        int port = (int) r.number(here, node, "port", 0, 65535, dflt.port());
        return new GatewayConfig.Listener(host, port);
    }
}
