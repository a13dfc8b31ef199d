package io.outpost.common.process;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options of each Outpost process, from {@code jvm.properties}: the file the launcher and
 * Maven read too, so that a process started by a test or by the quickstart runs exactly as it would
 * under the launcher.
 */
public final class JvmOptions {
    private final Properties properties;

    private JvmOptions(Properties properties) {
        this.properties = properties;
    }

    public static JvmOptions load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new JvmOptions(p);
    }

    /** Common options followed by the named role's ("gateway", "sync", "toolkit"). */
    public List<String> forRole(String role) {
        List<String> out = new ArrayList<>(split("jvm.common"));
        out.addAll(split("jvm." + role));
        return out;
    }

    private List<String> split(String key) {
        String v = properties.getProperty(key, "").trim();
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+"));
    }
}
