package io.outpost.provisioning.pki;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A certificate's notBefore..notAfter. Tests make past ones to prove expired material is refused. */
public record Validity(Instant notBefore, Instant notAfter) {
    public Validity {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    /** From an hour ago (a device clock a little behind still accepts it) for {@code days} days. */
    public static Validity days(Instant now, int days) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        return new Validity(start, start.plus(Duration.ofDays(days)));
    }
}
