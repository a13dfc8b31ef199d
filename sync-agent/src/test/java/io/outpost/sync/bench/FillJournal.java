package io.outpost.sync.bench;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalWriter;
import io.outpost.journal.Outcome;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark helper (not a test): appends N realistic exchange records to a journal with the
 * gateway's writer. {@code FillJournal DIR N [DEVICE [FIRST]]}: records FIRST .. FIRST+N-1 (their
 * number is recoverable as {@link #sequence}). Offers in chunks below the hand-off capacity so
 * nothing is dropped. Also the tests' stand-in for a gateway process writing its journal.
 */
public final class FillJournal {
    private FillJournal() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        String device = args.length > 2 ? args[2] : "bench-device";
        long first = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int capacity = 1 << 16;
        long start = System.nanoTime();
        try (JournalWriter w = JournalWriter.open(JournalSettings.defaults(dir).withAppendQueueCapacity(capacity)
                .withMinFreeBytes(0).withMaxJournalBytes(64L << 30), device)) {
            long base = w.stats().appended();
            for (long done = 0; done < n; ) {
                int chunk = (int) Math.min(capacity / 2, n - done);
                for (int i = 0; i < chunk; i++) {
                    if (!w.offer(record(first + done + i))) {
                        throw new IllegalStateException("hand-off overflowed at " + (done + i));
                    }
                }
                done += chunk;
                while (w.stats().appended() < base + done) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
            }
            System.out.printf("appended %d records in %d ms (journal %s, last index %d)%n", n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), dir, w.stats().lastIndex());
        }
    }

    private static final String[] RESOURCES = {"/pets", "/pets/{petId}", "/pets/{petId}/photos", "/store/inventory",
        "/store/order", "/store/order/{orderId}", "/user/login", "/user/{username}"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] AGENTS = {"curl/8.5.0", "okhttp/4.12.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        "python-requests/2.32.3", "Go-http-client/1.1"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 429, 503};

    /**
     * A plausible exchange with realistic entropy (random correlation UUIDs, client IPs and
     * latencies), so bytes per event on the wire are not flattered by repetitive test data.
     */
    /** The number {@link #record} was made from, given its timeMillis. */
    public static long sequence(long timeMillis) {
        return (timeMillis - BASE_MILLIS) / 7;
    }

    private static final long BASE_MILLIS = 1_790_000_000_000L;

    static ExchangeRecord record(long i) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(i * 0x9E3779B97F4A7C15L);
        int status = STATUSES[r.nextInt(STATUSES.length)];
        return ExchangeRecord.builder()
                .timeMillis(BASE_MILLIS + i * 7 + r.nextInt(5))
                .apiName(i % 3 == 0 ? "orders" : "petstore").apiVersion(i % 7 == 0 ? "2.0.0" : "1.0.0")
                .apiContext(i % 3 == 0 ? "/orders/v1" : "/petstore/v1")
                .resource(RESOURCES[r.nextInt(RESOURCES.length)]).method(METHODS[r.nextInt(METHODS.length)])
                .status(status).outcome(Outcome.COMPLETED).errorCode(status == 401 ? 900901 : status == 429 ? 900802 : 0)
                .gatewayLatencyMicros(150 + r.nextInt(20_000)).backendLatencyMicros(status == 401 ? -1 : 100 + r.nextInt(18_000))
                .requestBytes(r.nextInt(4) == 0 ? r.nextInt(4096) : 0).responseBytes(r.nextInt(16_384))
                .clientIp("10." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256))
                .userAgent(AGENTS[r.nextInt(AGENTS.length)])
                .correlationId(new java.util.UUID(r.nextLong(), r.nextLong()).toString())
                .applicationId(status == 401 ? null : "app-" + r.nextInt(40)).keyType(status == 401 ? null : "PRODUCTION")
                .authOutcome(status == 401 ? "invalid" : "ok").throttlePassed(status != 429)
                .build();
    }
}
