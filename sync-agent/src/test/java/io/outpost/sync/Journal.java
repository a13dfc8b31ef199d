package io.outpost.sync;

import static org.awaitility.Awaitility.await;

import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalWriter;
import io.outpost.journal.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A real journal written in the test JVM with the gateway's writer (no gateway needed). */
final class Journal implements AutoCloseable {
    private static final int CAPACITY = 1 << 16;
    final Path dir;
    final JournalWriter writer;
    private long offered;

    private Journal(Path dir, JournalWriter writer) {
        this.dir = dir;
        this.writer = writer;
    }

    static Journal create(Path dir, String deviceId) throws IOException {
        return create(dir, deviceId, s -> s);
    }

    /** With settings of the test's own (roll period, budget) on top of the defaults. */
    static Journal create(Path dir, String deviceId, java.util.function.UnaryOperator<JournalSettings> settings)
            throws IOException {
        return new Journal(dir, JournalWriter.open(settings.apply(JournalSettings.defaults(dir)
                .withAppendQueueCapacity(CAPACITY).withMinFreeBytes(0)), deviceId));
    }

    /**
     * Appends {@code n} realistic exchange records and waits until all are in the queue. Offers go
     * in chunks below the hand-off capacity, because a refused offer is a real drop (the writer
     * journals a loss record for it), which would make the test lose events itself.
     */
    void append(int n) {
        long base = writer.stats().appended();
        int chunk = CAPACITY / 2;
        for (int done = 0; done < n; done += chunk) {
            int count = Math.min(chunk, n - done);
            for (int i = 0; i < count; i++) {
                if (!writer.offer(record(offered++))) {
                    throw new AssertionError("journal hand-off overflowed: the test would lose events itself");
                }
            }
            long target = base + done + count;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> writer.stats().appended() >= target);
        }
    }

    long appended() {
        return writer.stats().appended();
    }

    long lastIndex() {
        return writer.stats().lastIndex();
    }

    static ExchangeRecord record(long i) {
        return ExchangeRecord.builder()
                .timeMillis(System.currentTimeMillis())
                .apiName("petstore").apiVersion("1.0.0").apiContext("/petstore/v1")
                .resource("/pets/{petId}").method(i % 5 == 0 ? "POST" : "GET")
                .status(i % 50 == 0 ? 404 : 200).outcome(Outcome.COMPLETED)
                .gatewayLatencyMicros(300 + i % 700).backendLatencyMicros(250 + i % 600)
                .requestBytes(i % 5 == 0 ? 512 : 0).responseBytes(1200 + i % 300)
                .clientIp("10.0.0." + (i % 20)).userAgent("curl/8.5.0")
                .correlationId("c-" + Long.toHexString(0x5eed0000L + i))
                .build();
    }

    @Override
    public void close() {
        writer.close();
    }
}
