package io.outpost.common.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The areas a level can be set for in {@code logging.areas}, each a set of logger-name prefixes
 * (docs/gateway.md and docs/sync.md, "Logs"). A key with a dot in it is taken as a logger name
 * itself, for the rare case an area is too coarse. An area whose classes a process does not have
 * is harmless there: the gateway and the agent share one table.
 */
public final class LogAreas {
    static final Map<String, List<String>> AREAS = table();

    private LogAreas() {}

    private static Map<String, List<String>> table() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("access", List.of(AccessLogNames.LOGGER));
        t.put("operator", List.of("io.outpost.operator"));
        t.put("backend", List.of("io.outpost.gateway.endpoint", "io.outpost.gateway.proxy"));
        t.put("pipeline", List.of("io.outpost.gateway.pipeline", "io.outpost.gateway.routing"));
        t.put("security", List.of("io.outpost.gateway.security"));
        t.put("throttling", List.of("io.outpost.gateway.throttling"));
        t.put("journal", List.of("io.outpost.journal", "io.outpost.gateway.analytics"));
        t.put("updates", List.of("io.outpost.gateway.updates", "io.outpost.sync.updates"));
        t.put("admin", List.of("io.outpost.gateway.admin", "io.outpost.sync.admin"));
        t.put("metrics", List.of("io.outpost.gateway.metrics"));
        t.put("forward", List.of("io.outpost.sync.forward"));
        t.put("mgmt", List.of("io.outpost.sync.mgmt"));
        t.put("gpio", List.of("io.outpost.sync.gpio"));
        t.put("sync", List.of("io.outpost.sync"));
        t.put("systemd", List.of("io.outpost.common.systemd", "io.outpost.gateway.systemd"));
        t.put("netty", List.of("io.netty"));
        t.put("chronicle", List.of("net.openhft"));
        return Map.copyOf(t);
    }

    /** The logger-name prefixes of an area or logger name, or null when it is neither. */
    public static List<String> prefixes(String area) {
        List<String> known = AREAS.get(area);
        if (known != null) {
            return known;
        }
        return area.contains(".") && area.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+") ? List.of(area) : null;
    }

    /** The area names, sorted, for an error message. */
    public static String names() {
        return String.join(", ", new java.util.TreeSet<>(AREAS.keySet()));
    }
}
