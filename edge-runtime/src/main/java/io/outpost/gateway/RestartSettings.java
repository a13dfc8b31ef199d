package io.outpost.gateway;

import io.outpost.gateway.security.tls.HttpsListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings a reload cannot apply, because what they shape is made once at the start: the
 * listeners (bound sockets), the event loops and their transport, the state and journal
 * directories, the connection limits and backend pools the proxy was wired with, the update
 * bundles' key and poller, the throttle counters' store. A reload that changes one is refused,
 * naming it (docs/gateway.md, "Reloading"). Everything else (the artifact, trust.publisherKeys,
 * security, logging levels and timestamps) a reload applies.
 */
final class RestartSettings {
    private record Setting(String key, Function<GatewayPlan, Object> value) {}

    private static final List<Setting> SETTINGS = List.of(
            new Setting("listeners.http", p -> p.config().http()),
            new Setting("listeners.https", p -> https(p.tls().https())),
            new Setting("admin", p -> p.config().admin()),
            new Setting("stateDir", p -> p.config().stateDir().toAbsolutePath()),
            new Setting("transport", p -> p.config().transport()),
            new Setting("limits", p -> p.config().limits()),
            new Setting("backends", p -> p.config().backends()),
            new Setting("analytics", p -> p.config().analytics()),
            new Setting("shutdown.drainTimeoutMillis", p -> p.config().drainTimeoutMillis()),
            new Setting("trustedProxies", p -> p.yaml().path("trustedProxies")),
            new Setting("trust.updateKey", p -> p.config().updateKey()),
            new Setting("throttling", p -> p.config().throttling()),
            new Setting("lockdown", p -> p.config().lockdown()),
            new Setting("security.mutualTls.clientCertificateHeader", p -> p.tls().mutualTls().clientCertificateHeader()),
            // the access log is composed into the proxy's observers once (GatewayMain); levels and timestamps a reload applies
            new Setting("logging.accessLog", p -> p.config().logging().accessLog()));

    private RestartSettings() {}

    /** The settings {@code next} changes that need a restart; empty when a reload can apply it. */
    static List<String> changed(GatewayPlan running, GatewayPlan next) {
        List<String> changed = new ArrayList<>();
        for (Setting s : SETTINGS) {
            if (!Objects.equals(s.value().apply(running), s.value().apply(next))) {
                changed.add(s.key());
            }
        }
        return changed;
    }

    /** The listener as configured; its certificate files' contents are not part of it (they are reloaded when they change). */
    private static List<Object> https(HttpsListener https) {
        return https == null ? null : java.util.Arrays.asList(https.host(), https.port(), https.certificate(), https.key(), https.protocols(),
                https.ciphers());
    }
}
