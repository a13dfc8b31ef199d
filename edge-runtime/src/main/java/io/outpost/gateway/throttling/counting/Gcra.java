package io.outpost.gateway.throttling.counting;

/**
 * The generic cell rate algorithm's arithmetic, in nanoseconds. A key's whole state is one long,
 * its theoretical arrival time (TAT): when its next request would be on time if requests came
 * exactly one {@code interval} apart. A request at {@code now} is admitted if it is at most
 * {@code tolerance} early (TAT − now ≤ tolerance), and moves the TAT one interval on.
 *
 * @param interval  nanos between requests at the sustained rate (period ÷ rate)
 * @param tolerance how early a request may be: (burst − 1) × interval, so at most {@code burst}
 *                  requests in a row, and at most burst + t ÷ interval in any span t
 */
record Gcra(long interval, long tolerance, long burst) {

    static Gcra of(long rate, long periodMillis, long burst) {
        if (rate < 1 || periodMillis < 1 || burst < 1) {
            throw new IllegalArgumentException("burst control needs rate, period and burst ≥ 1, was "
                    + rate + " per " + periodMillis + " ms, burst " + burst);
        }
        long interval = Math.max(1, Math.multiplyExact(periodMillis, 1_000_000L) / rate);
        return new Gcra(interval, Math.multiplyExact(burst - 1, interval), burst);
    }

    /** The TAT a request at {@code now} starts from: a TAT in the past carries no debt. */
    static long start(long tat, long now) {
        return Math.max(tat, now);
    }

    boolean admits(long start, long now) {
        return start - now <= tolerance;
    }

    /** What the RateLimit fields say after the decision; {@code start} as {@link #start} gave it. */
    Admission decided(boolean admitted, long start, long now) {
        if (!admitted) {
            return new Admission(false, burst, 0, millisUp(start - tolerance - now), 0);
        }
        long next = start + interval;
        long remaining = next - now > tolerance ? 0 : (tolerance - (next - now)) / interval + 1;
        return new Admission(true, burst, remaining, millisUp(next - now), 0);
    }

    private static long millisUp(long nanos) {
        return Math.max(0, (nanos + 999_999) / 1_000_000);
    }
}
