package io.outpost.gateway.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a reload (SIGHUP, {@code POST /reload} or {@code outpost gateway reload}), as
 * {@code /health} shows the last one and {@code POST /reload} answers it.
 *
 * @param applied    whether the new generation serves new exchanges; false: the running one stays
 * @param message    what was loaded, or why it was refused (naming the setting or file to fix)
 * @param generation the generation in force after it
 */
public record ReloadResult(Instant at, boolean applied, String message, long generation) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("result", applied ? "applied" : "refused");
        m.put("message", message);
        m.put("generation", generation);
        return m;
    }
}
