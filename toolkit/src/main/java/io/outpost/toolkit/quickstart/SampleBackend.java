package io.outpost.toolkit.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The quickstart's backend: a small in-memory pet store on loopback, under {@code /v1}. */
final class SampleBackend implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<Long, String> pets = new ConcurrentSkipListMap<>(Map.of(1L, "Rex", 2L, "Tom"));
    private final AtomicLong nextId = new AtomicLong(3);

    SampleBackend(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/pets") && method.equals("GET")) {
                ArrayNode list = Json.mapper().createArrayNode();
                pets.forEach((id, name) -> list.add(pet(id, name)));
                send(exchange, 200, list);
            } else if (path.equals("/v1/pets") && method.equals("POST")) {
                JsonNode body = readJson(exchange.getRequestBody());
                String name = body == null || !body.path("name").isTextual() ? null : body.get("name").asText();
                if (name == null) {
                    send(exchange, 400, Json.mapper().createObjectNode().put("error", "expected {\"name\": \"...\"}"));
                    return;
                }
                long id = nextId.getAndIncrement();
                pets.put(id, name);
                send(exchange, 201, pet(id, name));
            } else if (path.startsWith("/v1/pets/") && method.equals("GET")) {
                String name = null;
                try {
                    name = pets.get(Long.parseLong(path.substring("/v1/pets/".length())));
                } catch (NumberFormatException e) {
                    // falls through to 404
                }
                if (name == null) {
                    send(exchange, 404, Json.mapper().createObjectNode().put("error", "no such pet"));
                } else {
                    send(exchange, 200, pet(Long.parseLong(path.substring("/v1/pets/".length())), name));
                }
            } else {
                send(exchange, 404, Json.mapper().createObjectNode().put("error", "not found"));
            }
        }
    }

    private static ObjectNode pet(long id, String name) {
        return Json.mapper().createObjectNode().put("id", id).put("name", name);
    }

    private static JsonNode readJson(InputStream in) {
        try {
            byte[] body = in.readNBytes(MAX_BODY);
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
