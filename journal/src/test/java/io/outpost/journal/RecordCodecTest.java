package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void everyFieldRoundTrips() {
        ExchangeRecord full = SampleRecords.full();
        assertEquals(full, RecordCodec.decode(RecordCodec.encode(full)));
    }

    @Test
    void nullsAndDefaultsRoundTrip() {
        ExchangeRecord minimal = SampleRecords.minimal(42);
        ExchangeRecord back = (ExchangeRecord) RecordCodec.decode(RecordCodec.encode(minimal));
        assertEquals(minimal, back);
        assertNull(back.apiName());
        assertNull(back.throttlePassed());
        assertEquals(-1, back.backendLatencyMicros());
        assertEquals(Outcome.COMPLETED, back.outcome());
        ExchangeRecord reset = ExchangeRecord.builder().status(0).outcome(Outcome.RESET).build();
        assertEquals(reset, RecordCodec.decode(RecordCodec.encode(reset))); // status 0 is written, 200 is not
        assertEquals("BREW", back.method()); // not one of the coded methods: kept as text
    }

    @Test
    void valuesThatLookCompactButAreNotStayExact() {
        ExchangeRecord r = ExchangeRecord.builder()
                .clientIp("010.0.0.1") // a leading zero would not survive the 4-byte form
                .correlationId("3F2504E0-4F89-41D3-9A0C-0305E82C3301") // upper case would come back lower
                .applicationId("not-a-uuid-but-36-characters-long!!!")
                .subscriber("")
                .method("get")
                .gatewayLatencyMicros(-5) // nonsense, but it must not be mangled
                .build();
        assertEquals(r, RecordCodec.decode(RecordCodec.encode(r)));
        ExchangeRecord v6 = ExchangeRecord.builder().clientIp("2001:db8::1").build();
        assertEquals(v6, RecordCodec.decode(RecordCodec.encode(v6)));
    }

    @Test
    void lossRecordsRoundTrip() {
        LossRecord budget = new LossRecord(7, 12, 100, 111, LossRecord.BUDGET);
        LossRecord overflow = LossRecord.unindexed(8, 3, LossRecord.OVERFLOW);
        assertEquals(budget, RecordCodec.decode(RecordCodec.encode(budget)));
        assertEquals(overflow, RecordCodec.decode(RecordCodec.encode(overflow)));
    }

    @Test
    void aFieldFromANewerWriterIsSkipped() {
        // A newer writer adds fields 25..28 of every wire type, and one in the middle of the record.
        ExchangeRecord known = SampleRecords.full();
        ByteSink newer = new ByteSink(64);
        RecordCodec.encode(known, newer);
        newer.writeVarint(RecordCodec.key(25, RecordCodec.VARINT));
        newer.writeVarint(RecordCodec.zigZag(-123456789L));
        newer.writeVarint(RecordCodec.key(26, RecordCodec.UTF8));
        newer.writeUtf8("a field this reader has never heard of", 1000);
        newer.writeVarint(RecordCodec.key(27, RecordCodec.UUID16));
        newer.writeLongBigEndian(1);
        newer.writeLongBigEndian(2);
        newer.writeVarint(RecordCodec.key(28, RecordCodec.IPV4));
        newer.writeBytes(new byte[] {1, 2, 3, 4}, 0, 4);
        newer.writeVarint(RecordCodec.key(31, RecordCodec.UTF8));
        newer.writeUtf8("x", 10);
        assertEquals(known, RecordCodec.decode(newer.toByteArray()));

        ByteSink newerLoss = new ByteSink(64);
        RecordCodec.encode(new LossRecord(1, 2, 3, 4, "budget"), newerLoss);
        newerLoss.writeVarint(RecordCodec.key(9, RecordCodec.UTF8));
        newerLoss.writeUtf8("detail", 100);
        assertEquals(new LossRecord(1, 2, 3, 4, "budget"), RecordCodec.decode(newerLoss.toByteArray()));
    }

    @Test
    void aKnownFieldWithAnUnexpectedWireTypeIsRejectedNotMisread() {
        ByteSink sink = new ByteSink(16);
        sink.writeByte(RecordCodec.FORMAT_VERSION);
        sink.writeByte(RecordCodec.KIND_EXCHANGE);
        sink.writeVarint(RecordCodec.key(RecordCodec.X_STATUS, RecordCodec.UTF8));
        sink.writeUtf8("200", 10);
        assertThrows(MalformedRecordException.class, () -> RecordCodec.decode(sink.toByteArray()));
    }

    @Test
    void damagedBytesAreRejectedCleanly() {
        byte[] good = RecordCodec.encode(SampleRecords.full());
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            try {
                RecordCodec.decode(truncated); // may decode a prefix at a field boundary
            } catch (MalformedRecordException expected) {
                // fine: never any other exception
            }
        }
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThrows(MalformedRecordException.class, () -> RecordCodec.decode(otherVersion));
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            try {
                RecordCodec.decode(junk);
            } catch (MalformedRecordException expected) {
                // fine
            }
        }
    }

    @Test
    void longStringsAreCutOnACharacterBoundary() {
        String ua = "é".repeat(3000); // 6000 UTF-8 bytes
        ExchangeRecord r = ExchangeRecord.builder().userAgent(ua).build();
        ExchangeRecord back = (ExchangeRecord) RecordCodec.decode(RecordCodec.encode(r));
        assertEquals(RecordCodec.MAX_STRING_BYTES / 2, back.userAgent().length());
        assertTrue(ua.startsWith(back.userAgent()));
    }

    @Test
    void aTypicalExchangeIsCompact() {
        int size = RecordCodec.encode(SampleRecords.typical(1_795_350_190_123L, 7)).length;
        // Plus Chronicle's 4-byte header; the aim is about 150 bytes on disk for a fully filled exchange.
        assertTrue(size + 4 <= 155, "typical record is " + size + " bytes");
        System.out.println("typical exchange record: " + size + " bytes + 4 header");
    }
}
