package io.outpost.sync.mgmt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.outpost.common.bundle.UpdateBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;


/**
 * {@code GET /api/v1/bundles/{type}?after=SEQ}: the newest published bundle of that type with a
 * sequence above SEQ (200, {@code application/jose}), or 204. Bundles are served exactly as
 * published ({@link BundleFolder}); verifying them is the device's job.
 */
final class BundleHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/bundles/";

    private final BundleFolder folder;
    private final Auth auth;
    private final Faults faults;
    private final ReceiverMetrics metrics;

    BundleHandler(BundleFolder folder, Auth auth, Faults faults, ReceiverMetrics metrics) {
        this.metrics = metrics;
        this.folder = folder;
        this.auth = auth;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (HttpIo.refuseMethodOtherThan(ex, "GET")) {
                return;
            }
            if (faults != null && FaultResponder.apply(faults.take(), ex)) {
                return;
            }
            if (auth.refuse(ex)) {
                return;
            }
            String type = ex.getRequestURI().getPath().substring(PREFIX.length());
            if (!UpdateBundle.TYPES.contains(type)) {
                HttpIo.error(ex, 404, "unknown bundle type '" + type + "'; known: " + UpdateBundle.sortedTypes());
                return;
            }
            long after;
            try {
                after = afterParameter(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                HttpIo.error(ex, 400, e.getMessage());
                return;
            }
            BundleFolder.Published latest = folder == null ? null : folder.latest(type);
            if (latest == null || latest.sequence() <= after) {
                HttpIo.empty(ex, 204);
                return;
            }
            byte[] bytes = Files.readAllBytes(latest.file());
            ex.getResponseHeaders().set("Content-Type", "application/jose");
            ex.getResponseHeaders().set("Outpost-Bundle-Sequence", Long.toString(latest.sequence()));
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            metrics.bundleServed(type);
        }
    }

    static long afterParameter(String query) {
        if (query == null || query.isEmpty()) {
            return 0;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("after=")) {
                try {
                    long v = Long.parseLong(pair.substring(6));
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'after' must be a whole number of 0 or more");
                }
            }
        }
        return 0;
    }

}
