package io.outpost.sync.mgmt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /metrics}: the receiver's metrics in Prometheus text, behind the same token (and mTLS)
 * as the API: the device names and their numbers are the fleet's.
 */
final class MetricsHandler implements HttpHandler {
    private final PrometheusRegistry registry;
    private final Auth auth;
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();

    MetricsHandler(PrometheusRegistry registry, Auth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (HttpIo.refuseMethodOtherThan(ex, "GET")) {
                return;
            }
            if (auth.refuse(ex)) {
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            text.write(body, registry.scrape());
            ex.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
            ex.sendResponseHeaders(200, body.size());
            try (OutputStream out = ex.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }
}
