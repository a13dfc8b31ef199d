package io.outpost.sync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalJson;
import io.outpost.journal.LossRecord;
import io.outpost.journal.Outcome;
import java.io.ByteArrayInputStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFormatTest {
    private static JournalEntry exchange(long index) {
        return new JournalEntry("dev-1:42:" + index, index, ExchangeRecord.builder().timeMillis(1_700_000_000_000L + index)
                .apiName("petstore").apiVersion("1.0.0").resource("/pets").method("GET").status(200)
                .outcome(Outcome.COMPLETED).userAgent("ua \"quoted\" \u00e9").build());
    }

    private static DecodedBatch decode(byte[] gzip) throws Exception {
        return BatchDecoder.decode(new GZIPInputStream(new ByteArrayInputStream(gzip)), 1 << 20);
    }

    private static BatchFormatException refused(String ndjson) {
        return assertThrows(BatchFormatException.class,
                () -> BatchDecoder.decode(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), 1 << 20));
    }

    @Test
    void encodesAHeaderLineThenOneEventPerLineAndDecodesItBack() throws Exception {
        BatchEncoder enc = new BatchEncoder("dev-1", 42);
        enc.add(exchange(10));
        enc.add(exchange(11));
        enc.add(new JournalEntry("dev-1:42:12", 12, new LossRecord(1, 5, 3, 7, LossRecord.CORRUPT)));
        EncodedBatch b = enc.finish();
        assertEquals(new BatchHeader("dev-1", 42, 10, 12, 3), b.header());
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(b.gzip())).readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(b.ndjsonBytes(), text.getBytes(StandardCharsets.UTF_8).length);
        String[] lines = text.split("\n");
        assertEquals("{\"batch\":{\"deviceId\":\"dev-1\",\"epoch\":42,\"firstIndex\":10,\"lastIndex\":12,\"count\":3}}", lines[0]);
        assertEquals(4, lines.length);
        DecodedBatch d = decode(b.gzip());
        assertEquals(b.header(), d.header());
        assertEquals(List.of("dev-1:42:10", "dev-1:42:11", "dev-1:42:12"), d.events().stream().map(DecodedBatch.EventLine::id).toList());
        // Each stored line is the journal's wire schema, unchanged.
        assertEquals(exchange(11), JournalJson.fromJson(Json.mapper().readTree(d.events().get(1).json())));
        // The encoder starts over after finish().
        enc.add(exchange(13));
        assertEquals(new BatchHeader("dev-1", 42, 13, 13, 1), enc.finish().header());
    }

    @Test
    void refusesMalformedBatchesSayingWhere() {
        assertEquals("empty batch: expected a header line", refused("").getMessage());
        assertTrue(refused("{\"events\":[]}\n").getMessage().startsWith("line 1: expected the batch header"));
        assertTrue(refused("{\"batch\":{\"deviceId\":\"../x\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":0,\"count\":0}}\n")
                .getMessage().startsWith("line 1: batch.deviceId must be"));
        assertTrue(refused("{\"batch\":{\"deviceId\":\"..\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":0,\"count\":0}}\n")
                .getMessage().contains("only dots"));
        String header = "{\"batch\":{\"deviceId\":\"d\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":1,\"count\":2}}\n";
        assertEquals("line 3: an event must be a JSON object", refused(header + "{\"type\":\"exchange\",\"id\":\"d:1:0\"}\n[1]\n").getMessage());
        assertTrue(refused(header + "{\"type\":\"exchange\",\"id\":\"d:1:0\"}\n{\"id\":\n").getMessage().startsWith("line 3: not valid JSON"));
        assertEquals("line 2: event \"id\" must be a string", refused(header + "{\"type\":\"exchange\",\"id\":7}\n").getMessage());
        assertEquals("line 2: event d:1:0 without \"type\"", refused(header + "{\"id\":\"d:1:0\"}\n").getMessage());
        assertEquals("line 2: more than one JSON value on the line", refused(header + "{\"type\":\"x\",\"id\":\"d:1:0\"} {}\n").getMessage());
        assertTrue(refused(header + "{\"type\":\"x\",\"id\":\"e:1:0\"}\n").getMessage().contains("does not belong to device 'd'"));
        assertEquals("batch header says count 2 but 1 events followed (truncated upload?)",
                refused(header + "{\"type\":\"x\",\"id\":\"d:1:0\"}\n").getMessage());
    }

    @Test
    void boundsTheDecompressedSize() {
        String header = "{\"batch\":{\"deviceId\":\"d\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":1,\"count\":1}}\n";
        String big = header + "{\"type\":\"x\",\"id\":\"d:1:0\",\"pad\":\"" + "a".repeat(5000) + "\"}\n";
        BatchFormatException e = assertThrows(BatchFormatException.class,
                () -> BatchDecoder.decode(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)), 4096));
        assertTrue(e.getMessage().startsWith("batch is larger than 4096 bytes"), e.getMessage());
    }

    @Test
    void toleratesCrLfAndBlankLines() throws Exception {
        String ndjson = "{\"batch\":{\"deviceId\":\"d\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":1,\"count\":2}}\r\n"
                + "{\"type\":\"x\",\"id\":\"d:1:0\"}\r\n\r\n{\"type\":\"x\",\"id\":\"d:1:1\"}";
        DecodedBatch d = BatchDecoder.decode(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        assertEquals(List.of("d:1:0", "d:1:1"), d.events().stream().map(DecodedBatch.EventLine::id).toList());
        assertEquals("{\"type\":\"x\",\"id\":\"d:1:0\"}", new String(d.events().get(0).json(), StandardCharsets.UTF_8));
    }

    @Test
    void batchFilesCarryAChecksumThatCatchesDamage(@TempDir Path dir) throws Exception {
        BatchEncoder enc = new BatchEncoder("dev-1", 42);
        enc.add(exchange(7));
        EncodedBatch b = enc.finish();
        Path f = BatchFiles.write(dir, b);
        assertEquals("dev-1-42-00000000000000000007.ndjson.gz", f.getFileName().toString());
        assertEquals(BatchFiles.sha256(b.gzip()) + "  " + f.getFileName() + "\n",
                Files.readString(dir.resolve(f.getFileName() + ".sha256")));
        assertEquals(List.of(f), BatchFiles.list(dir));
        assertEquals(b.header(), decode(BatchFiles.readVerified(f)).header());
        byte[] damaged = Files.readAllBytes(f);
        damaged[damaged.length / 2] ^= 1;
        Files.write(f, damaged);
        assertTrue(assertThrows(BatchFormatException.class, () -> BatchFiles.readVerified(f)).getMessage().contains("does not match"));
        Files.delete(dir.resolve(f.getFileName() + ".sha256"));
        assertTrue(assertThrows(BatchFormatException.class, () -> BatchFiles.readVerified(f)).getMessage().contains("no checksum file"));
    }

}
