package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /api/v1/stats}: what the receiver holds, for tests and humans:
 * {@code {"accepted":..,"duplicates":..,"batches":..,"refused":..,"devices":{"<id>":{..,"lastIndex":..,"metrics":{..}}}}}
 * ({@code metrics}: the device's latest metrics snapshot, when its gateway journals them).
 * Accepted counts come from the files (they survive a restart); duplicates and batches count since start.
 */
final class StatsHandler implements HttpHandler {
    private final EventStore store;
    private final Auth auth;
    private final IngestHandler ingest;
    private final Faults faults;

    StatsHandler(EventStore store, Auth auth, IngestHandler ingest, Faults faults) {
        this.store = store;
        this.auth = auth;
        this.ingest = ingest;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (auth.refuse(ex)) {
                return;
            }
            HttpIo.json(ex, 200, snapshot());
        }
    }

    ObjectNode snapshot() {
        long accepted = 0;
        long duplicates = 0;
        long batches = 0;
        ObjectNode devices = Json.mapper().createObjectNode();
        for (Map.Entry<String, EventStore.DeviceStats> e : store.stats().entrySet()) {
            EventStore.DeviceStats s = e.getValue();
            ObjectNode d = devices.putObject(e.getKey());
            d.put("accepted", s.accepted());
            d.put("duplicates", s.duplicates());
            d.put("batches", s.batches());
            d.put("lastIndex", s.lastIndex());
            d.put("epoch", s.epoch());
            d.put("storedBytes", s.storedBytes());
            d.put("lastSeenMillis", s.lastSeenMillis());
            if (s.snapshot() != null) { // the device's own metrics, as its gateway last journaled them
                ObjectNode m = d.putObject("metrics");
                m.put("timeMillis", s.snapshot().timeMillis());
                m.put("uptimeSeconds", s.snapshot().uptimeSeconds());
                m.put("version", s.snapshot().version());
                m.put("artifact", s.snapshot().artifact());
                ObjectNode values = m.putObject("values");
                s.snapshot().values().forEach(values::put);
            }
            accepted += s.accepted();
            duplicates += s.duplicates();
            batches += s.batches();
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("accepted", accepted);
        o.put("duplicates", duplicates);
        o.put("batches", batches);
        o.put("refused", ingest.refused.sum());
        if (faults != null) {
            o.put("faultsInjected", faults.injected());
        }
        o.set("devices", devices);
        return o;
    }
}
