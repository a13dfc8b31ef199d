package io.outpost.gateway;

import io.outpost.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

/**
 * Whether a port could be bound, found by binding it and releasing it at once (nothing is served),
 * and whether the process holding it is an Outpost gateway: its admin port's {@code /health}
 * says {@code "service": "outpost-gateway"}.
 */
final class PortProbe {
    private static final int TIMEOUT_MILLIS = 2_000;

    private PortProbe() {}

    /** @return null when the port can be bound, else why not */
    static String bindProblem(String host, int port) {
        if (port == 0) {
            return null; // any free port: nothing to collide with
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Netty's listeners: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /**
     * Asks {@code /health} on the admin port of a running gateway.
     *
     * @return the artifact it serves ("name-version"), or null when nothing there answers as an Outpost gateway
     */
    @SuppressWarnings("unchecked")
    static String outpostGatewayAt(String adminHost, int adminPort) {
        if (adminPort == 0) {
            return null;
        }
        String host = adminHost.equals("0.0.0.0") ? "127.0.0.1" : adminHost.equals("::") ? "::1" : adminHost;
        try {
            URI uri = new URI("http", null, host, adminPort, "/health", null, null);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            try (InputStream in = c.getInputStream()) {
                Map<String, Object> health = Json.read(in.readAllBytes(), Map.class);
                if (!"outpost-gateway".equals(health.get("service"))) {
                    return null;
                }
                Map<String, Object> artifact = (Map<String, Object>) health.get("artifact");
                return artifact == null ? "an artifact" : artifact.get("name") + "-" + artifact.get("version");
            } finally {
                c.disconnect();
            }
        } catch (Exception e) {
            return null; // no answer, or not ours
        }
    }
}
