package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the basic and static-key sections of a gateway.yaml written by a test, as the loader does. */
record ConfigFixture(BasicSettings settings, List<String> problems) {

    static ConfigFixture read(Path dir, String yaml) {
        Path file = dir.resolve("gateway.yaml");
        try {
            Files.writeString(file, yaml);
            ConfigReader r = ConfigReader.open(file);
            JsonNode security = r.object("", r.root(), "security");
            JsonNode apiKeys = r.object("/security", security, "apiKeys");
            BasicSettings settings = BasicSettings.read(r, "/security", r.object("/security", security, "basic"),
                    apiKeys == null ? null : apiKeys.get("static"));
            return new ConfigFixture(settings, r.failure().problems());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The one problem that contains {@code text}. */
    String problem(String text) {
        return problems.stream().filter(p -> p.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem with '" + text + "' in " + problems));
    }
}
