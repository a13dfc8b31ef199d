package io.outpost.gateway;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.security.tls.TlsSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A port the gateway listens on, with the setting and the option that set it: a busy port or a
 * port given twice is reported by what the operator edits, e.g. "listeners.http.port in
 * /etc/outpost/gateway.yaml, or --http-port".
 */
record ListenerPort(String name, String host, int port, String key, String option) {

    /** http, https (when configured) and admin, with the command line's overrides applied. */
    static List<ListenerPort> of(GatewayConfig config, TlsSettings tls) {
        List<ListenerPort> ports = new ArrayList<>();
        ports.add(new ListenerPort("http", config.http().host(), config.http().port(), "listeners.http.port", "--http-port"));
        if (tls.https() != null) {
            ports.add(new ListenerPort("https", tls.https().host(), tls.https().port(), "listeners.https.port", "--https-port"));
        }
        ports.add(new ListenerPort("admin", config.admin().host(), config.admin().port(), "admin.port", "--admin-port"));
        return ports;
    }

    /** "listeners.http.port in FILE, or --http-port" (the default when there is no file). */
    String setBy(GatewayConfig config) {
        return key + (config.source() == null ? " (default)" : " in " + config.source()) + ", or " + option;
    }

    String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
