package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JournalJsonTest {

    @Test
    void anExchangeIsOneLineOfCamelCaseJson() throws Exception {
        JournalEntry entry = new JournalEntry("dev-1:77:5", 5, SampleRecords.full());
        byte[] line = JournalJson.toNdjsonLine(entry);
        assertEquals('\n', line[line.length - 1]);
        String text = new String(line, StandardCharsets.UTF_8);
        assertEquals(1, text.chars().filter(c -> c == '\n').count());
        JsonNode node = Json.mapper().readTree(line);
        assertEquals("exchange", node.get("type").asText());
        assertEquals("dev-1:77:5", node.get("id").asText());
        assertEquals(5, node.get("index").asLong());
        assertEquals("timed_out", node.get("outcome").asText());
        assertEquals(900800, node.get("errorCode").asInt());
        assertEquals("admin@carbon.super", node.get("subscriber").asText());
        assertFalse(node.get("throttlePassed").asBoolean());
        assertEquals(entry, JournalJson.fromJson(node));
    }

    @Test
    void nullsAreOmittedAndComeBackAsNulls() throws Exception {
        JournalEntry entry = new JournalEntry("d:1:0", 0, SampleRecords.minimal(9));
        JsonNode node = Json.mapper().readTree(JournalJson.toNdjsonLine(entry));
        assertFalse(node.has("apiName"));
        assertFalse(node.has("throttlePassed"));
        assertEquals(-1, node.get("backendLatencyMicros").asLong());
        assertEquals(entry, JournalJson.fromJson(node));
    }

    @Test
    void lossRecordsUseTheSameEnvelope() throws Exception {
        JournalEntry entry = new JournalEntry("d:1:9", 9, LossRecord.unindexed(3, 17, LossRecord.OVERFLOW));
        JsonNode node = Json.mapper().readTree(JournalJson.toNdjsonLine(entry));
        assertEquals("loss", node.get("type").asText());
        assertEquals("overflow", node.get("reason").asText());
        assertEquals(17, node.get("count").asLong());
        assertEquals(-1, node.get("firstIndex").asLong());
        assertEquals(entry, JournalJson.fromJson(node));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        JsonNode node = Json.mapper().readTree("{\"type\":\"exchange\",\"id\":\"d:1:2\",\"index\":2,\"timeMillis\":5,"
                + "\"status\":201,\"outcome\":\"reset\",\"fromTheFuture\":{\"x\":[1,2]},\"method\":\"POST\"}");
        JournalEntry entry = JournalJson.fromJson(node);
        ExchangeRecord x = (ExchangeRecord) entry.record();
        assertEquals(201, x.status());
        assertEquals(Outcome.RESET, x.outcome());
        assertEquals("POST", x.method());
        assertEquals(-1, x.backendLatencyMicros());
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        JsonNode node = Json.mapper().readTree("{\"type\":\"mystery\",\"id\":\"d:1:2\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalJson.fromJson(node));
        assertTrue(e.getMessage().contains("mystery"));
    }
}
