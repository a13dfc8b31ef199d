package io.outpost.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.common.json.Json;
import io.outpost.journal.DeviceId;
import java.util.regex.Pattern;

/**
 * The first line of every batch: {@code {"batch":{"deviceId":..,"epoch":..,"firstIndex":..,"lastIndex":..,"count":..}}}.
 * The device id names whose events follow (each event id starts with it); count lets the receiver
 * tell a truncated upload from a short batch.
 */
public record BatchHeader(String deviceId, long epoch, long firstIndex, long lastIndex, int count) {
    /** The journal's device id alphabet; also keeps a device id safe as a file name on the receiver. */
    public static final Pattern DEVICE_ID = DeviceId.SAFE;

    public byte[] toJsonLine() {
        ObjectNode batch = Json.mapper().createObjectNode();
        batch.put("deviceId", deviceId);
        batch.put("epoch", epoch);
        batch.put("firstIndex", firstIndex);
        batch.put("lastIndex", lastIndex);
        batch.put("count", count);
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("batch", batch);
        byte[] json = Json.bytes(root);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    static BatchHeader fromJson(JsonNode root) throws BatchFormatException {
        JsonNode b = root == null ? null : root.get("batch");
        if (b == null || !b.isObject()) {
            throw new BatchFormatException("line 1: expected the batch header {\"batch\":{\"deviceId\":..,\"epoch\":..,\"firstIndex\":..,\"lastIndex\":..,\"count\":..}}");
        }
        JsonNode deviceId = b.get("deviceId");
        if (deviceId == null || !deviceId.isTextual() || !DEVICE_ID.matcher(deviceId.asText()).matches()) {
            throw new BatchFormatException("line 1: batch.deviceId must be 1-128 characters of A-Z a-z 0-9 . _ - (got " + deviceId + ")");
        }
        if (deviceId.asText().chars().allMatch(c -> c == '.')) {
            throw new BatchFormatException("line 1: batch.deviceId must not be only dots");
        }
        return new BatchHeader(deviceId.asText(), whole(b, "epoch"), whole(b, "firstIndex"), whole(b, "lastIndex"),
                (int) Math.min(Integer.MAX_VALUE, whole(b, "count")));
    }

    private static long whole(JsonNode b, String field) throws BatchFormatException {
        JsonNode v = b.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || ("count".equals(field) && v.asLong() < 0)) {
            throw new BatchFormatException("line 1: batch." + field + " must be a whole number (got " + v + ")");
        }
        return v.asLong();
    }
}
