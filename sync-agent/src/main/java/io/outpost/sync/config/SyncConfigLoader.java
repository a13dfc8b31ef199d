package io.outpost.sync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.logging.LogSettings;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code sync.yaml}. Every problem is reported at once as {@code FILE:LINE:COL: key: reason};
 * unknown keys are errors (a typo must not silently fall back to a default); files it names must
 * exist. Relative paths are resolved against the file's directory.
 */
public final class SyncConfigLoader {
    private final ConfigReader r;

    private SyncConfigLoader(ConfigReader reader) {
        this.r = reader;
    }

    public static SyncConfig load(Path file) throws ConfigException {
        return new SyncConfigLoader(ConfigReader.open(file)).read(file);
    }

    private SyncConfig read(Path file) throws ConfigException {
        JsonNode root = r.root();
        SyncConfig d = SyncConfig.defaults();
        if (root.isMissingNode() || root.isNull()) {
            return new SyncConfig(file, d.journal(), d.stateDir(), d.management(), d.batch(), d.backoff(), 0, d.updates(), d.admin(), false);
        }
        if (!root.isObject()) {
            r.problem("", "must be a mapping of settings");
            throw r.failure();
        }
        r.known("", root, Set.of("stateDir", "journal", "management", "batch", "backoff", "upload", "updates", "admin", "lockdown", "gpio", "logging"));
        boolean lockdown = r.bool("", root, "lockdown", false);
        Path stateDir = r.path("", root, "stateDir", d.stateDir(), false);
        Path journal = r.path("", root, "journal", stateDir.resolve("journal"), false);

        SyncConfig.Management m = d.management();
        JsonNode mg = r.object("", root, "management");
        if (mg != null && lockdown) {
            r.problem("/management", "lockdown: true: the agent opens no connection, so it has no management API; fix: remove"
                    + " the management section (events leave with 'outpost sync export --to DIR', bundles arrive with"
                    + " 'outpost sync import --from DIR'), or set lockdown: false");
        } else if (mg != null) {
            r.known("/management", mg, Set.of("url", "connectTimeoutMillis", "requestTimeoutMillis", "auth", "trustedCa"));
            URI url = url("/management", mg, "url");
            int connect = (int) r.number("/management", mg, "connectTimeoutMillis", 1, 600_000, m.connectTimeoutMillis());
            int request = (int) r.number("/management", mg, "requestTimeoutMillis", 1, 3_600_000, m.requestTimeoutMillis());
            Path token = null;
            Path cert = null;
            Path key = null;
            JsonNode auth = r.object("/management", mg, "auth");
            if (auth != null) {
                r.known("/management/auth", auth, Set.of("bearerTokenFile", "clientCert", "clientKey"));
                token = r.path("/management/auth", auth, "bearerTokenFile", null, true);
                cert = r.path("/management/auth", auth, "clientCert", null, true);
                key = r.path("/management/auth", auth, "clientKey", null, true);
                if ((cert == null) != (key == null)) {
                    String present = cert == null ? "clientKey" : "clientCert";
                    r.problem("/management/auth/" + present, "clientCert and clientKey go together (mTLS needs both)");
                }
            }
            Path ca = r.path("/management", mg, "trustedCa", null, true);
            if (url != null && "http".equals(url.getScheme()) && (cert != null || ca != null)) {
                r.problem("/management/url", "client certificates and trustedCa need an https:// URL");
            }
            m = new SyncConfig.Management(url, connect, request, token, cert, key, ca);
        }

        SyncConfig.Batch batch = d.batch();
        JsonNode b = r.object("", root, "batch");
        if (b != null) {
            r.known("/batch", b, Set.of("maxEvents", "maxBytes", "gzipLevel", "lingerMillis"));
            batch = new SyncConfig.Batch((int) r.number("/batch", b, "maxEvents", 1, 100_000, batch.maxEvents()),
                    r.number("/batch", b, "maxBytes", 1024, 16L << 20, batch.maxBytes()),
                    (int) r.number("/batch", b, "gzipLevel", 1, 9, batch.gzipLevel()),
                    r.number("/batch", b, "lingerMillis", 0, 600_000, batch.lingerMillis()));
        }
        SyncConfig.Backoff backoff = d.backoff();
        JsonNode bo = r.object("", root, "backoff");
        if (bo != null) {
            r.known("/backoff", bo, Set.of("initialMillis", "maxMillis"));
            long initial = r.number("/backoff", bo, "initialMillis", 10, 3_600_000, backoff.initialMillis());
            long max = r.number("/backoff", bo, "maxMillis", 10, 86_400_000, backoff.maxMillis());
            if (max < initial) {
                r.problem("/backoff/maxMillis", "must not be below backoff.initialMillis (" + initial + ")");
            }
            backoff = new SyncConfig.Backoff(initial, max);
        }
        long rate = 0;
        JsonNode up = r.object("", root, "upload");
        if (up != null) {
            r.known("/upload", up, Set.of("maxBytesPerSecond"));
            rate = r.number("/upload", up, "maxBytesPerSecond", 0, 1L << 40, 0);
            if (rate > 0 && rate < 1024) {
                r.problem("/upload/maxBytesPerSecond", "must be 0 (no cap) or at least 1024");
            }
        }
        SyncConfig.Updates updates = d.updates();
        JsonNode u = r.object("", root, "updates");
        if (u != null) {
            r.known("/updates", u, Set.of("publicKey", "types", "pollIntervalSeconds"));
            Path key = r.path("/updates", u, "publicKey", null, true);
            List<String> types = types("/updates", u, "types", updates.types());
            long poll = r.number("/updates", u, "pollIntervalSeconds", 1, 86_400, updates.pollIntervalSeconds());
            updates = new SyncConfig.Updates(key, types, poll);
        }
        SyncConfig.Listener admin = d.admin();
        JsonNode a = r.object("", root, "admin");
        if (a != null) {
            r.known("/admin", a, Set.of("host", "port"));
            String host = r.host("/admin", a, "host", admin.host());
            admin = new SyncConfig.Listener(host, (int) r.number("/admin", a, "port", 0, 65535, admin.port()));
        }
        SyncConfig.Gpio gpio = GpioSection.read(r, root);
        LogSettings logging = LogSettings.read(r, "", root, false);
        r.failIfProblems();
        return new SyncConfig(file, journal, stateDir, m, batch, backoff, rate, updates, admin, lockdown, gpio, logging);
    }

    private URI url(String at, JsonNode parent, String key) {
        String value = r.text(at, parent, key, null);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                r.problem(at + "/" + key, "must be an http:// or https:// base URL without query (got '" + value + "')");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            r.problem(at + "/" + key, "is not a URL: " + e.getMessage());
            return null;
        }
    }

    private List<String> types(String at, JsonNode parent, String key, List<String> dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        String here = at + "/" + key;
        if (!node.isArray()) {
            r.problem(here, "must be a list of bundle types (" + UpdateBundle.sortedTypes() + ")");
            return dflt;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String t = node.get(i).asText();
            if (!node.get(i).isTextual() || !UpdateBundle.TYPES.contains(t)) {
                r.problem(here + "/" + i, "unknown bundle type " + node.get(i)
                        + "; expected one of " + UpdateBundle.sortedTypes());
            } else {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}
