package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.outpost.common.json.Json;
import java.io.IOException;

/** TEST ONLY: {@code GET|POST /test/faults}, present only with {@code serve --test-faults}. */
final class FaultsHandler implements HttpHandler {
    private final Faults faults;

    FaultsHandler(Faults faults) {
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if ("POST".equals(ex.getRequestMethod())) {
                try {
                    JsonNode body = Json.mapper().readTree(HttpIo.limited(ex.getRequestBody(), 64 * 1024));
                    faults.set(body == null ? Json.mapper().createObjectNode() : body);
                } catch (IOException | IllegalArgumentException e) {
                    HttpIo.error(ex, 400, "bad fault plan: " + e.getMessage()
                            + " (modes: none, status, slow, reset; fields: status, retryAfter, delayMillis, count)");
                    return;
                }
            }
            HttpIo.json(ex, 200, faults.describe());
        }
    }
}
