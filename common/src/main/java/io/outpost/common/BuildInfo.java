package io.outpost.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit this build was made from, filtered into build-info.properties when common is built.
 * Only the processes print it ({@code --version}, {@code outpost_build_info}); the toolkit never writes it into an
 * artifact, whose bytes depend on the project and the key alone.
 */
public final class BuildInfo {
    public static final String UNKNOWN = "unknown";
    private static final Properties PROPERTIES = load();

    private BuildInfo() {}

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" when the resource is missing. */
    public static String version() {
        return value("version");
    }

    /** The abbreviated commit id; "unknown" when built without a .git directory. */
    public static String commit() {
        return value("commit");
    }

    /** The one {@code --version} line of every entry point: {@code outpost <component> <version> (commit <short>)}. */
    public static String versionLine(String component) {
        return "outpost " + component + " " + version() + " (commit " + commit() + ")";
    }

    private static String value(String key) {
        String v = PROPERTIES.getProperty(key, "").trim();
        // An unfiltered placeholder (no git, or run from an IDE's unfiltered classes) is not a value.
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
