package io.outpost.gateway.security.introspection;

import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opaque tokens with optional RFC 7662 introspection (docs/security.md, "Introspection"): the
 * offline table first; a token it refuses as invalid (not listed, or listed but expired) is asked
 * about when {@code security.opaqueTokens.introspection} is configured. A table refusal of another
 * kind (403 / 900908, not subscribed) stands.
 */
public final class Introspection {
    /**
     * One introspector (client, threads, cache) per configuration, kept across generations: a new
     * trust bundle makes a new generation, and a new HttpClient each time would leave its selector
     * thread behind until a garbage collection. The generation's revocations and clock are applied on
     * every use, cached answer or not.
     */
    private static final Map<IntrospectionSettings, Introspector> SHARED = new ConcurrentHashMap<>();

    private Introspection() {}

    /**
     * @param settings null when introspection is off: then the table alone, and nothing is built
     */
    public static CredentialCheck after(CredentialCheck table, IntrospectionSettings settings, Revocations revocations,
                                        ClockFloor clock) {
        if (settings == null) {
            return table;
        }
        return after(table, SHARED.computeIfAbsent(settings, Introspector::new), revocations, clock);
    }

    static CredentialCheck after(CredentialCheck table, Introspector introspector, Revocations revocations, ClockFloor clock) {
        return (token, api) -> {
            Check answer = table.check(token, api);
            if (answer instanceof Check.Refused refused && refused.fault().code() == 900901) {
                return introspector.check(token, revocations, clock, answer);
            }
            return answer;
        };
    }
}
