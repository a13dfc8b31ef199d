package io.outpost.common.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code logging} section of gateway.yaml and sync.yaml: a level for everything, levels per area,
 * timestamps, and (gateway only) the access log. Applied to slf4j-simple by {@link LogSetup}.
 *
 * @param level      the level of every logger no area names
 * @param areas      area (or logger name) to level, in file order
 * @param timestamps whether each line starts with an ISO-8601 time
 * @param accessLog  one line per exchange on stderr (gateway only)
 */
public record LogSettings(Level level, Map<String, Level> areas, Timestamps timestamps, boolean accessLog) {
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, OFF;
        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Timestamps {
        /** Off under systemd (journald stamps each line), ISO-8601 otherwise. */
        AUTO,
        ISO,
        OFF;

        /** Whether lines carry a time here, given the process environment. */
        public boolean shown(Map<String, String> env) {
            return this == ISO || this == AUTO && !env.containsKey("JOURNAL_STREAM") && !env.containsKey("INVOCATION_ID");
        }
    }

    public static final LogSettings DEFAULT = new LogSettings(Level.INFO, Map.of(), Timestamps.AUTO, false);

    public LogSettings {
        areas = Map.copyOf(areas);
    }

    /** The same with the access log on or off: the quickstart's generated gateway.yaml turns it on, a device's is off. */
    public LogSettings withAccessLog(boolean on) {
        return new LogSettings(level, areas, timestamps, on);
    }

    /**
     * Reads {@code logging} under {@code parent} (at pointer {@code at}); problems go to the reader with file,
     * line and the accepted values.
     *
     * @param accessLogKey whether {@code accessLog} is a key here (the gateway's file, not the agent's)
     */
    public static LogSettings read(ConfigReader r, String at, JsonNode parent, boolean accessLogKey) {
        JsonNode node = r.object(at, parent, "logging");
        if (node == null) {
            return DEFAULT;
        }
        String here = at + "/logging";
        r.known(here, node, accessLogKey ? Set.of("level", "areas", "timestamps", "accessLog") : Set.of("level", "areas", "timestamps"));
        Level level = choice(r, here, node, "level", Level.class, DEFAULT.level());
        Timestamps timestamps = choice(r, here, node, "timestamps", Timestamps.class, DEFAULT.timestamps());
        Map<String, Level> areas = new LinkedHashMap<>();
        JsonNode a = r.object(here, node, "areas");
        if (a != null) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String area = it.next();
                if (LogAreas.prefixes(area) == null) {
                    r.problem(here + "/areas/" + io.outpost.common.yaml.YamlDocument.token(area), "unknown area; fix: use one of " + LogAreas.names()
                            + ", or a logger name such as io.outpost.gateway.endpoint.BackendConnector");
                    continue;
                }
                areas.put(area, choice(r, here + "/areas", a, area, Level.class, level));
            }
        }
        boolean accessLog = accessLogKey && r.bool(here, node, "accessLog", DEFAULT.accessLog());
        return new LogSettings(level, areas, timestamps, accessLog);
    }

    /** A level or timestamps value. YAML 1.1 reads a bare {@code off} as false: that is taken as "off" here. */
    private static <E extends Enum<E>> E choice(ConfigReader r, String at, JsonNode parent, String key, Class<E> type, E dflt) {
        JsonNode node = parent.get(key);
        if (node != null && node.isBoolean() && !node.asBoolean()) {
            return Enum.valueOf(type, "OFF");
        }
        return r.choice(at, parent, key, type, dflt);
    }
}
