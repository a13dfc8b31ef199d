package io.outpost.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the values of one YAML configuration file (gateway.yaml, sync.yaml) and collects every
 * problem as {@code FILE:LINE:COL: dotted.key: reason}, so a file is reported whole, not one
 * error per attempt. Each getter returns the default after recording a problem; the loader calls
 * {@link #failIfProblems} at the end. Relative paths resolve against the file's directory.
 * Pointers ({@code at}) are JSON pointers of the parent mapping, "" for the root.
 */
public final class ConfigReader {
    private final YamlDocument doc;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();

    private ConfigReader(YamlDocument doc, Path baseDir) {
        this.doc = doc;
        this.baseDir = baseDir;
    }

    /** @throws ConfigException when the file is missing, unreadable or not YAML */
    public static ConfigReader open(Path file) throws ConfigException {
        try {
            return new ConfigReader(LocatedYaml.parse(file), file.toAbsolutePath().getParent());
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": configuration file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        } catch (YamlException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }

    public JsonNode root() {
        return doc.root();
    }

    public void failIfProblems() throws ConfigException {
        if (!problems.isEmpty()) {
            throw failure();
        }
    }

    /** The problems so far, to throw when reading cannot go on. */
    public ConfigException failure() {
        return new ConfigException(problems);
    }

    public JsonNode object(String at, JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(at + "/" + key, "must be a mapping");
            return null;
        }
        return node;
    }

    public String text(String at, JsonNode parent, String key, String dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isTextual()) {
            problem(at + "/" + key, "must be a string (got " + node + ")");
            return dflt;
        }
        return node.asText();
    }

    /** A listen address: an IP address or host name, not a URL or anything with spaces. */
    public String host(String at, JsonNode parent, String key, String dflt) {
        String host = text(at, parent, key, dflt);
        if (host != null && (host.isBlank() || host.contains("/") || host.contains(" "))) {
            problem(at + "/" + key, "must be an IP address or host name (got '" + host + "')");
        }
        return host;
    }

    public long number(String at, JsonNode parent, String key, long min, long max, long dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problem(at + "/" + key, "must be a whole number from " + min + " to " + max + " (got " + node + ")");
            return dflt;
        }
        return node.asLong();
    }

    public boolean bool(String at, JsonNode parent, String key, boolean dflt) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isBoolean()) {
            problem(at + "/" + key, "must be true or false (got " + node + ")");
            return dflt;
        }
        return node.asBoolean();
    }

    /** One of an enum's constants, written in any case. */
    public <E extends Enum<E>> E choice(String at, JsonNode parent, String key, Class<E> type, E dflt) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return dflt;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        problem(at + "/" + key, "must be one of " + String.join(", ", names) + " (got '" + value + "')");
        return dflt;
    }

    /** @param mustExist the file must be readable now (keys, certificates, tokens) */
    public Path path(String at, JsonNode parent, String key, Path dflt, boolean mustExist) {
        String value = text(at, parent, key, null);
        if (value == null) {
            return dflt;
        }
        if (value.isBlank()) {
            problem(at + "/" + key, "must not be empty");
            return dflt;
        }
        Path p = baseDir.resolve(value).normalize();
        if (mustExist) {
            readable(at + "/" + key, p);
        }
        return p;
    }

    /** A list of files that must be readable now; {@code what} names them in the error. */
    public List<Path> pathList(String at, JsonNode parent, String key, String what) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String here = at + "/" + key;
        if (!node.isArray()) {
            problem(here, "must be a list of " + what);
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(here + "/" + i, "must be a file path");
                continue;
            }
            Path p = baseDir.resolve(item.asText()).normalize();
            readable(here + "/" + i, p);
            out.add(p);
        }
        return out;
    }

    public void readable(String pointer, Path file) {
        if (file != null && !Files.isReadable(file)) {
            problem(pointer, "file " + file + " does not exist or is not readable");
        }
    }

    /** Every key of {@code node} must be one of {@code keys}: a typo must not fall back to a default silently. */
    public void known(String at, JsonNode node, Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                problems.add(doc.position(at + "/" + YamlDocument.token(key)) + ": " + dotted(at + "/" + key)
                        + ": unknown key; expected one of " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    /** A problem at {@code pointer}, reported with the dotted key (list items as {@code key[i]}). */
    public void problem(String pointer, String reason) {
        problems.add(doc.position(pointer) + ": " + dotted(pointer) + ": " + reason);
    }

    /** Where {@code pointer} is, as a problem names it ({@code FILE:LINE:COL: dotted.key}): for a warning the caller keeps. */
    public String where(String pointer) {
        return doc.position(pointer) + ": " + dotted(pointer);
    }

    private static String dotted(String pointer) {
        if (pointer.isEmpty()) {
            return "(document)";
        }
        String dotted = pointer.substring(1).replace('/', '.');
        return dotted.replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    }
}
