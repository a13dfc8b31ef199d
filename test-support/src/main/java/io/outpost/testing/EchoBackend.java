package io.outpost.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP(S) backend on loopback that answers every request with what it received: method,
 * raw request target, headers, body length and SHA-256 (bodies are streamed, never held), its own
 * name and the client's port (the same port twice = a reused connection). Path
 * {@code /download/N} instead streams N deterministic bytes. Query parameters script the answer:
 * {@code status=N} answers with that status, {@code delayMs=N} waits first, and
 * {@code failFirst=N&key=K} answers 503 to the first N requests carrying key K. Each request is
 * also recorded.
 */
public final class EchoBackend implements AutoCloseable {
    private final HttpServer server;
    private final String name;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final String scheme;
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

    public EchoBackend(String name) throws IOException {
        this(name, 0, null);
    }

    /**
     * @param port 0 for any free port; a fixed port brings a stopped backend back where it was
     * @param tls  null for plain HTTP, else the server's TLS context (see {@link TestCa#serverContext})
     */
    public EchoBackend(String name, int port, javax.net.ssl.SSLContext tls) throws IOException {
        this(name, port, tls, false);
    }

    /** @param requireClientCertificate an HTTPS backend that refuses clients without a certificate its context trusts */
    public EchoBackend(String name, int port, javax.net.ssl.SSLContext tls, boolean requireClientCertificate) throws IOException {
        this.name = name;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            server = HttpServer.create(address, 64);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters ssl = tls.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(requireClientCertificate);
                    params.setSSLParameters(ssl);
                }
            });
            server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "echo-" + name);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    public List<Map<String, Object>> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            MessageDigest sha = DeterministicBytes.newSha256();
            long length = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    length += n;
                }
            }
            ObjectNode echo = Json.mapper().createObjectNode();
            echo.put("backend", name);
            echo.put("method", exchange.getRequestMethod());
            echo.put("target", target);
            ObjectNode headers = echo.putObject("headers");
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            echo.put("bodyLength", length);
            echo.put("clientPort", exchange.getRemoteAddress().getPort());
            echo.put("bodySha256", HexFormat.of().formatHex(sha.digest()));
            received.add(Map.of("method", exchange.getRequestMethod(), "target", target));

            if (exchange.getRequestURI().getPath().contains("/download/")) {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                long size = Long.parseLong(parts[parts.length - 1]);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    DeterministicBytes.write(out, size);
                }
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (query.containsKey("delayMs")) {
                try {
                    Thread.sleep(Long.parseLong(query.get("delayMs"))); // the backend's scripted slowness
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status = Integer.parseInt(query.getOrDefault("status", "200"));
            if (query.containsKey("failFirst")) {
                int seen = failures.merge(query.getOrDefault("key", ""), 1, Integer::sum);
                if (seen <= Integer.parseInt(query.get("failFirst"))) {
                    status = 503;
                }
            }
            byte[] body = Json.bytes(echo);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Connection", "keep-alive, X-Backend-Secret");
            exchange.getResponseHeaders().set("X-Backend-Secret", "must-not-reach-client");
            exchange.sendResponseHeaders(status,
                    exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
