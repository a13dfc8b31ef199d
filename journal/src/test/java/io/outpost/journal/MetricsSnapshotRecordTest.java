package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSnapshotRecordTest {
    private static final MetricsSnapshotRecord SNAPSHOT = new MetricsSnapshotRecord(1_790_000_000_000L, 3600,
            "0.1.0", "petstore-1.0.0", Map.of("requests_2xx", 1234L, "refusals", 7L, "journal_lost", 0L, "big", 1L << 40));

    @Test
    void roundTripsThroughTheBinaryFormAndStaysSmall() {
        byte[] bytes = RecordCodec.encode(SNAPSHOT);
        assertEquals(SNAPSHOT, RecordCodec.decode(bytes));
        assertTrue(bytes.length < 100, "a snapshot is a small record: " + bytes.length + " bytes");
    }

    @Test
    void aNewerWritersFieldsAreSkipped() {
        ByteSink sink = new ByteSink(64);
        RecordCodec.encode(SNAPSHOT, sink);
        sink.writeVarint(RecordCodec.key(40, RecordCodec.UTF8));
        sink.writeUtf8("from the future", 100);
        assertEquals(SNAPSHOT, RecordCodec.decode(sink.toByteArray()));
    }

    @Test
    void aValueWithoutItsNameIsMalformed() {
        ByteSink sink = new ByteSink(16);
        sink.writeByte(RecordCodec.FORMAT_VERSION);
        sink.writeByte(RecordCodec.KIND_METRICS);
        sink.writeVarint(RecordCodec.key(RecordCodec.M_VALUE, RecordCodec.VARINT));
        sink.writeVarint(RecordCodec.zigZag(5));
        assertThrows(MalformedRecordException.class, () -> RecordCodec.decode(sink.toByteArray()));
    }

    @Test
    void travelsAsAMetricsEventWithAnIdLikeEveryOther() throws Exception {
        JournalEntry entry = new JournalEntry("dev-1:77:12", 12, SNAPSHOT);
        JsonNode node = Json.mapper().readTree(JournalJson.toNdjsonLine(entry));
        assertEquals("metrics", node.get("type").asText());
        assertEquals("dev-1:77:12", node.get("id").asText());
        assertEquals(1234, node.path("values").path("requests_2xx").asLong());
        assertEquals("petstore-1.0.0", node.get("artifact").asText());
        assertEquals(entry, JournalJson.fromJson(node));
    }
}
