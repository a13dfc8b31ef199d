package io.outpost.gateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.outpost.common.logging.LogSettings;
import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        AccessLog log = new AccessLog(4); // no writer started: nothing drains
        ExchangeRecord.Builder exchange = ExchangeRecord.builder().status(200);
        for (int i = 0; i < 10; i++) {
            log.exchangeEnded(exchange, "192.0.2.1");
        }
        assertEquals(6, log.dropped());
    }

    @Test
    void offLeavesTheOtherObserversAsTheyAre() {
        ExchangeObserver others = (exchange, clientIp) -> { };
        assertSame(others, AccessLog.with(LogSettings.DEFAULT, others));
    }
}
