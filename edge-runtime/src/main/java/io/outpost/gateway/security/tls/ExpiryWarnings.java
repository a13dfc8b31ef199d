package io.outpost.gateway.security.tls;

import io.outpost.common.logging.WarningLimiter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate within {@code listeners.https.expiryWarningDays} of its end (or past it), said on
 * stderr (area "security") at the first check and then once a day: the same words as {@code /ready},
 * for an operator who reads the journal of the unit rather than the admin port. Asked from the updates
 * thread's poll, never from a request.
 */
final class ExpiryWarnings {
    static final long INTERVAL_HOURS = 24;
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private final WarningLimiter limiter;

    ExpiryWarnings(LongSupplier nanoClock) {
        this.limiter = new WarningLimiter(nanoClock, TimeUnit.HOURS.toNanos(INTERVAL_HOURS));
    }

    /** The lines written now (none when nothing is near its end or the last line is less than a day old). */
    List<String> check(List<CertificateExpiry> expiries, Instant now) {
        List<String> warnings = expiries.stream().map(e -> e.warning(now)).filter(w -> w != null).toList();
        if (warnings.isEmpty() || !limiter.due()) {
            return List.of();
        }
        limiter.takeSuppressed(); // a daily reminder, not a count of polls
        warnings.forEach(w -> LOG.warn("certificate: " + w));
        return warnings;
    }
}
