package io.outpost.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.common.json.Json;
import java.util.Arrays;

/**
 * THE wire schema of journal events: one JSON object per line (NDJSON), as the sync agent sends
 * them and the management side stores them. Field names are the record components' names,
 * {@code "type"} is {@code "exchange"}, {@code "loss"} or {@code "metrics"}, nulls are omitted, the outcome is lower
 * case ({@code "timed_out"}). Unknown fields are ignored on read so that a newer gateway's events
 * still parse.
 */
public final class JournalJson {
    public static final String TYPE_EXCHANGE = "exchange";
    public static final String TYPE_LOSS = "loss";
    /** A {@link MetricsSnapshotRecord}: {@code "values"} is an object of name to number. */
    public static final String TYPE_METRICS = "metrics";

    private JournalJson() {}

    /** One JSON object followed by '\n'. */
    public static byte[] toNdjsonLine(JournalEntry entry) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(toJson(entry));
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize journal entry " + entry.id(), e);
        }
    }

    public static ObjectNode toJson(JournalEntry entry) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (entry.record() instanceof ExchangeRecord x) {
            o.put("type", TYPE_EXCHANGE);
            o.put("id", entry.id());
            o.put("index", entry.index());
            o.put("timeMillis", x.timeMillis());
            putIfPresent(o, "apiName", x.apiName());
            putIfPresent(o, "apiVersion", x.apiVersion());
            putIfPresent(o, "apiContext", x.apiContext());
            putIfPresent(o, "resource", x.resource());
            putIfPresent(o, "method", x.method());
            o.put("status", x.status());
            o.put("outcome", x.outcome().wireName());
            o.put("errorCode", x.errorCode());
            o.put("gatewayLatencyMicros", x.gatewayLatencyMicros());
            o.put("backendLatencyMicros", x.backendLatencyMicros());
            o.put("requestBytes", x.requestBytes());
            o.put("responseBytes", x.responseBytes());
            putIfPresent(o, "clientIp", x.clientIp());
            putIfPresent(o, "userAgent", x.userAgent());
            putIfPresent(o, "correlationId", x.correlationId());
            putIfPresent(o, "applicationId", x.applicationId());
            putIfPresent(o, "applicationName", x.applicationName());
            putIfPresent(o, "subscriber", x.subscriber());
            putIfPresent(o, "keyType", x.keyType());
            putIfPresent(o, "authOutcome", x.authOutcome());
            putIfPresent(o, "throttleLevel", x.throttleLevel());
            putIfPresent(o, "throttleTier", x.throttleTier());
            if (x.throttlePassed() != null) {
                o.put("throttlePassed", x.throttlePassed());
            }
        } else if (entry.record() instanceof LossRecord l) {
            o.put("type", TYPE_LOSS);
            o.put("id", entry.id());
            o.put("index", entry.index());
            o.put("timeMillis", l.timeMillis());
            o.put("count", l.count());
            o.put("firstIndex", l.firstIndex());
            o.put("lastIndex", l.lastIndex());
            o.put("reason", l.reason());
        } else if (entry.record() instanceof MetricsSnapshotRecord m) {
            o.put("type", TYPE_METRICS);
            o.put("id", entry.id());
            o.put("index", entry.index());
            o.put("timeMillis", m.timeMillis());
            o.put("uptimeSeconds", m.uptimeSeconds());
            putIfPresent(o, "version", m.version());
            putIfPresent(o, "artifact", m.artifact());
            ObjectNode values = o.putObject("values");
            m.values().forEach(values::put);
        }
        return o;
    }

    /** Parses one event; throws IllegalArgumentException for a missing/unknown type or id. */
    public static JournalEntry fromJson(JsonNode node) {
        String type = text(node, "type");
        String id = text(node, "id");
        if (id == null) {
            throw new IllegalArgumentException("journal event without \"id\"");
        }
        long index = node.path("index").asLong(-1);
        JournalRecord record;
        if (TYPE_EXCHANGE.equals(type)) {
            String outcome = text(node, "outcome");
            record = new ExchangeRecord(
                    node.path("timeMillis").asLong(),
                    text(node, "apiName"),
                    text(node, "apiVersion"),
                    text(node, "apiContext"),
                    text(node, "resource"),
                    text(node, "method"),
                    node.path("status").asInt(),
                    outcome == null ? Outcome.COMPLETED : Outcome.fromWireName(outcome),
                    node.path("errorCode").asInt(),
                    node.path("gatewayLatencyMicros").asLong(),
                    node.path("backendLatencyMicros").asLong(ExchangeRecord.NO_BACKEND),
                    node.path("requestBytes").asLong(),
                    node.path("responseBytes").asLong(),
                    text(node, "clientIp"),
                    text(node, "userAgent"),
                    text(node, "correlationId"),
                    text(node, "applicationId"),
                    text(node, "applicationName"),
                    text(node, "subscriber"),
                    text(node, "keyType"),
                    text(node, "authOutcome"),
                    text(node, "throttleLevel"),
                    text(node, "throttleTier"),
                    node.hasNonNull("throttlePassed") ? node.get("throttlePassed").asBoolean() : null);
        } else if (TYPE_LOSS.equals(type)) {
            String reason = text(node, "reason");
            record = new LossRecord(
                    node.path("timeMillis").asLong(),
                    node.path("count").asLong(),
                    node.path("firstIndex").asLong(-1),
                    node.path("lastIndex").asLong(-1),
                    reason == null ? "unknown" : reason);
        } else if (TYPE_METRICS.equals(type)) {
            record = metrics(node);
        } else {
            throw new IllegalArgumentException("unknown journal event type " + type + " in " + id);
        }
        return new JournalEntry(id, index, record);
    }

    /** The snapshot of a {@code "metrics"} event; values that are not integral numbers are left out. */
    public static MetricsSnapshotRecord metrics(JsonNode node) {
        java.util.Map<String, Long> values = new java.util.TreeMap<>();
        node.path("values").fields().forEachRemaining(e -> {
            if (e.getValue().canConvertToLong() && e.getValue().isIntegralNumber()) {
                values.put(e.getKey(), e.getValue().asLong());
            }
        });
        return new MetricsSnapshotRecord(node.path("timeMillis").asLong(), node.path("uptimeSeconds").asLong(),
                text(node, "version"), text(node, "artifact"), values);
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
