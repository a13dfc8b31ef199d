package io.outpost.sync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.yaml.LocatedYaml;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.common.yaml.YamlException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code sync.yaml}. Every problem is reported at once as {@code FILE:LINE:COL: key: reason};
 * unknown keys are errors (a typo must not silently fall back to a default); files it names must
 * exist. Relative paths are resolved against the file's directory.
 */
public final class SyncConfigLoader {
    private final YamlDocument doc;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();

    private SyncConfigLoader(YamlDocument doc, Path baseDir) {
        this.doc = doc;
        this.baseDir = baseDir;
    }

    public static SyncConfig load(Path file) throws ConfigException {
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
        return new SyncConfigLoader(doc, file.toAbsolutePath().getParent()).read(file);
    }

    private SyncConfig read(Path file) throws ConfigException {
        JsonNode root = doc.root();
        SyncConfig d = SyncConfig.defaults();
        if (root.isMissingNode() || root.isNull()) {
            return new SyncConfig(file, d.journal(), d.stateDir(), d.management(), d.batch(), d.backoff(), 0, d.updates(), d.admin());
        }
        if (!root.isObject()) {
            problem("", "(document)", "must be a mapping of settings");
            throw new ConfigException(problems);
        }
        known("", root, Set.of("stateDir", "journal", "management", "batch", "backoff", "upload", "updates", "admin"));
        Path stateDir = path("", root, "stateDir", d.stateDir(), false);
        Path journal = path("", root, "journal", stateDir.resolve("journal"), false);

        SyncConfig.Management m = d.management();
        JsonNode mg = object("", root, "management");
        if (mg != null) {
            known("/management", mg, Set.of("url", "connectTimeoutMillis", "requestTimeoutMillis", "auth", "trustedCa"));
            URI url = url("/management", mg, "url");
            int connect = (int) number("/management", mg, "connectTimeoutMillis", 1, 600_000, m.connectTimeoutMillis());
            int request = (int) number("/management", mg, "requestTimeoutMillis", 1, 3_600_000, m.requestTimeoutMillis());
            Path token = null;
            Path cert = null;
            Path key = null;
            JsonNode auth = object("/management", mg, "auth");
            if (auth != null) {
                known("/management/auth", auth, Set.of("bearerTokenFile", "clientCert", "clientKey"));
                token = path("/management/auth", auth, "bearerTokenFile", null, true);
                cert = path("/management/auth", auth, "clientCert", null, true);
                key = path("/management/auth", auth, "clientKey", null, true);
                if ((cert == null) != (key == null)) {
                    String present = cert == null ? "clientKey" : "clientCert";
                    problem("/management/auth/" + present, "management.auth." + present,
                            "clientCert and clientKey go together (mTLS needs both)");
                }
            }
            Path ca = path("/management", mg, "trustedCa", null, true);
            if (url != null && "http".equals(url.getScheme()) && (cert != null || ca != null)) {
                problem("/management/url", "management.url", "client certificates and trustedCa need an https:// URL");
            }
            m = new SyncConfig.Management(url, connect, request, token, cert, key, ca);
        }

        SyncConfig.Batch batch = d.batch();
        JsonNode b = object("", root, "batch");
        if (b != null) {
            known("/batch", b, Set.of("maxEvents", "maxBytes", "gzipLevel"));
            batch = new SyncConfig.Batch((int) number("/batch", b, "maxEvents", 1, 100_000, batch.maxEvents()),
                    number("/batch", b, "maxBytes", 1024, 16L << 20, batch.maxBytes()),
                    (int) number("/batch", b, "gzipLevel", 1, 9, batch.gzipLevel()));
        }
        SyncConfig.Backoff backoff = d.backoff();
        JsonNode bo = object("", root, "backoff");
        if (bo != null) {
            known("/backoff", bo, Set.of("initialMillis", "maxMillis"));
            long initial = number("/backoff", bo, "initialMillis", 10, 3_600_000, backoff.initialMillis());
            long max = number("/backoff", bo, "maxMillis", 10, 86_400_000, backoff.maxMillis());
            if (max < initial) {
                problem("/backoff/maxMillis", "backoff.maxMillis", "must not be below backoff.initialMillis (" + initial + ")");
            }
            backoff = new SyncConfig.Backoff(initial, max);
        }
        long rate = 0;
        JsonNode up = object("", root, "upload");
        if (up != null) {
            known("/upload", up, Set.of("maxBytesPerSecond"));
            rate = number("/upload", up, "maxBytesPerSecond", 0, 1L << 40, 0);
            if (rate > 0 && rate < 1024) {
                problem("/upload/maxBytesPerSecond", "upload.maxBytesPerSecond", "must be 0 (no cap) or at least 1024");
            }
        }
        SyncConfig.Updates updates = d.updates();
        JsonNode u = object("", root, "updates");
        if (u != null) {
            known("/updates", u, Set.of("publicKey", "types", "pollIntervalSeconds"));
            Path key = path("/updates", u, "publicKey", null, true);
            List<String> types = types("/updates", u, "types", updates.types());
            long poll = number("/updates", u, "pollIntervalSeconds", 1, 86_400, updates.pollIntervalSeconds());
            updates = new SyncConfig.Updates(key, types, poll);
        }
        SyncConfig.Listener admin = d.admin();
        JsonNode a = object("", root, "admin");
        if (a != null) {
            known("/admin", a, Set.of("host", "port"));
            String host = text("/admin", a, "host", admin.host());
            if (host != null && (host.isBlank() || host.contains("/") || host.contains(" "))) {
                problem("/admin/host", "admin.host", "must be an IP address or host name (got '" + host + "')");
            }
            admin = new SyncConfig.Listener(host, (int) number("/admin", a, "port", 0, 65535, admin.port()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SyncConfig(file, journal, stateDir, m, batch, backoff, rate, updates, admin);
    }

    private URI url(String at, JsonNode parent, String key) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem(at + "/" + key, dotted(at + "/" + key), "must be an http:// or https:// base URL without query (got '" + value + "')");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(at + "/" + key, dotted(at + "/" + key), "is not a URL: " + e.getMessage());
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
            problem(here, dotted(here), "must be a list of bundle types (" + String.join(", ", new TreeSet<>(UpdateBundle.TYPES)) + ")");
            return dflt;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String t = node.get(i).asText();
            if (!node.get(i).isTextual() || !UpdateBundle.TYPES.contains(t)) {
                problem(here + "/" + i, dotted(here) + "[" + i + "]", "unknown bundle type " + node.get(i)
                        + "; expected one of " + String.join(", ", new TreeSet<>(UpdateBundle.TYPES)));
            } else {
                out.add(t);
            }
        }
        return List.copyOf(out);
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
            problem(at + "/" + key, dotted(at + "/" + key), "must be a whole number from " + min + " to " + max + " (got " + node + ")");
            return dflt;
        }
        return node.asLong();
    }

    /** @param mustExist the file must be readable now (keys, certificates, tokens) */
    private Path path(String at, JsonNode parent, String key, Path dflt, boolean mustExist) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return dflt;
        }
        if (value.isBlank()) {
            problem(at + "/" + key, dotted(at + "/" + key), "must not be empty");
            return dflt;
        }
        Path p = baseDir.resolve(value).normalize();
        if (mustExist && !Files.isReadable(p)) {
            problem(at + "/" + key, dotted(at + "/" + key), "file " + p + " does not exist or is not readable");
        }
        return p;
    }

    private void known(String at, JsonNode node, Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                problem(at + "/" + YamlDocument.token(key), dotted(at + "/" + key),
                        "unknown key; expected one of " + String.join(", ", new TreeSet<>(keys)));
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
