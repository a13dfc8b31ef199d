package io.outpost.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A certificate near its end is said at the first poll and then once a day, not at every 2-second poll. */
class ExpiryWarningsTest {
    private final AtomicLong nanos = new AtomicLong(0);
    private final Instant now = Instant.parse("2026-12-05T00:00:00Z");

    @Test
    void atTheFirstPollThenDaily() {
        ExpiryWarnings warnings = new ExpiryWarnings(nanos::get);
        List<CertificateExpiry> expiring = List.of(new CertificateExpiry(CertificateExpiry.SERVER, "CN=gw",
                now.plus(Duration.ofDays(5)), Duration.ofDays(30)));
        List<String> first = warnings.check(expiring, now);
        assertEquals(1, first.size());
        assertTrue(first.get(0).contains("CN=gw expires at 2026-12-10T00:00:00Z, in 5 days (expiryWarningDays: 30)"), first.get(0));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(List.of(), warnings.check(expiring, now));
        nanos.addAndGet(TimeUnit.HOURS.toNanos(24));
        assertEquals(1, warnings.check(expiring, now).size());
    }

    @Test
    void nothingWhileBeyondTheWindow() {
        ExpiryWarnings warnings = new ExpiryWarnings(nanos::get);
        assertEquals(List.of(), warnings.check(List.of(new CertificateExpiry(CertificateExpiry.SERVER, "CN=gw",
                now.plus(Duration.ofDays(90)), Duration.ofDays(30))), now));
    }
}
