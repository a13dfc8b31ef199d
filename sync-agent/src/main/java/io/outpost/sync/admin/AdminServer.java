package io.outpost.sync.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.outpost.common.json.Json;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The agent's admin port (default 127.0.0.1:9098): {@code /health} and {@code /metrics}. The agent
 * is healthy while it runs, even with the uplink down: a down link is what it is built for, and is
 * visible in the metrics (consecutive failures, backlog), not a reason for systemd to restart it.
 */
public final class AdminServer implements AutoCloseable {
    private final HttpServer server;

    public AdminServer(String host, int port, AgentMetrics metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sync-admin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("status", "UP");
            o.put("consecutiveFailures", metrics.consecutiveFailures.get());
            o.put("lastSuccessMillis", metrics.lastSuccessMillis.get());
            o.put("backlogEvents", metrics.backlogEvents.get());
            send(ex, 200, "application/json", Json.bytes(o));
        });
        PrometheusRegistry registry = AgentExposition.registry(metrics);
        PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            text.write(body, registry.scrape());
            send(ex, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
        });
        server.createContext("/", ex -> send(ex, 404, "text/plain", "not found; try /health or /metrics\n".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
