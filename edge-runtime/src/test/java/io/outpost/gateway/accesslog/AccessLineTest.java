package io.outpost.gateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import org.junit.jupiter.api.Test;

class AccessLineTest {
    @Test
    void theRecordsFactsInAFixedOrder() {
        ExchangeRecord r = ExchangeRecord.builder().correlationId("c-1").apiName("Pets").apiVersion("2.0").resource("/pets/{id}")
                .method("GET").status(200).gatewayLatencyMicros(850).backendLatencyMicros(700).requestBytes(12)
                .responseBytes(340).clientIp("192.0.2.7").userAgent("curl/8").subscriber("alice").build();
        assertEquals("id=c-1 api=Pets/2.0 resource=/pets/{id} method=GET status=200 fault=0 outcome=completed gw_us=850"
                + " backend_us=700 in=12 out=340", AccessLine.format(r));
    }

    @Test
    void aRefusalBeforeRoutingHasDashes() {
        ExchangeRecord r = ExchangeRecord.builder().status(408).errorCode(408).outcome(Outcome.TIMED_OUT).build();
        assertEquals("id=- api=- resource=- method=- status=408 fault=408 outcome=timed_out gw_us=0 backend_us=- in=0 out=0",
                AccessLine.format(r));
    }

    @Test
    void aValueWithSpacesIsQuotedAndNoControlCharacterSplitsTheLine() {
        ExchangeRecord r = ExchangeRecord.builder().correlationId("x").apiName("Pet \"Store\"\nX").resource("/a").method("GET")
                .status(200).build();
        String line = AccessLine.format(r);
        assertEquals("id=x api=\"Pet \\\"Store\\\"\\x0aX\" resource=/a", line.substring(0, line.indexOf(" method")));
        assertFalse(line.contains("\n"));
    }
}
