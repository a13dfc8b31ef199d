package io.outpost.gateway.throttling.counting;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.throttling.counting.CounterSnapshots.Restored;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterSnapshotsTest {
    private static final long DAY = 86_400_000;
    private static final WindowLimit DAILY = new WindowLimit(10, DAY);
    /** Noon, UTC, some day. */
    private final AtomicLong clock = new AtomicLong(20_000 * DAY + DAY / 2);
    @TempDir
    Path state;

    private CounterRegistry registry() {
        return new CounterRegistry(1_000, clock::get);
    }

    private Path file() {
        return state.resolve(CounterSnapshots.FILE_NAME);
    }

    @Test
    void aDailyQuotaContinuesAfterARestart() throws Exception {
        CounterRegistry before = registry();
        before.window("app:10PerDay", DAILY).tryAcquire("app1", 7);
        before.window("app:10PerDay", DAILY).tryAcquire("app2", 1);
        before.window("burst-ish:5PerSec", new WindowLimit(5, 1_000)).tryAcquire("app1", 5);
        try (CounterSnapshots snapshots = CounterSnapshots.start(before, state, Duration.ofHours(1))) {
            snapshots.write();
        }
        clock.addAndGet(3_600_000); // an hour later, the same UTC day

        CounterRegistry after = registry();
        assertEquals(new Restored(2, List.of()), CounterSnapshots.restore(after, state),
                "two keys of the daily policy; the one-second window is not kept");
        WindowCounters daily = after.window("app:10PerDay", DAILY);
        assertEquals(3, daily.tryAcquire("app1", 0).remaining());
        assertTrue(daily.tryAcquire("app1", 3).admitted());
        assertFalse(daily.tryAcquire("app1", 1).admitted());
        assertEquals(9, daily.tryAcquire("app2", 0).remaining());
    }

    @Test
    void countersAlreadyInUseTakeTheRestoredCountsToo() throws Exception {
        CounterRegistry before = registry();
        before.window("p", DAILY).tryAcquire("k", 4);
        writeOnce(before);
        CounterRegistry after = registry();
        WindowCounters early = after.window("p", DAILY);
        CounterSnapshots.restore(after, state);
        assertEquals(6, early.tryAcquire("k", 0).remaining());
    }

    @Test
    void aChangedLimitOrAnEndedWindowIsNotRestored() throws Exception {
        CounterRegistry before = registry();
        before.window("p", DAILY).tryAcquire("k", 4);
        writeOnce(before);
        CounterRegistry changed = registry();
        CounterSnapshots.restore(changed, state);
        assertEquals(19, changed.window("p", new WindowLimit(20, DAY)).tryAcquire("k", 1).remaining());

        clock.addAndGet(DAY / 2); // midnight UTC: the day the counts belong to has ended
        CounterRegistry nextDay = registry();
        assertEquals(new Restored(0, List.of()), CounterSnapshots.restore(nextDay, state));
        assertEquals(9, nextDay.window("p", DAILY).tryAcquire("k", 1).remaining());
    }

    @Test
    void aCorruptOrTruncatedSnapshotIsReportedAndIgnored() throws Exception {
        CounterRegistry before = registry();
        before.window("p", DAILY).tryAcquire("k", 4);
        writeOnce(before);
        byte[] good = Files.readAllBytes(file());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertIgnored(flipped, "checksum");
        assertIgnored(Arrays.copyOf(good, good.length - 9), "checksum");
        assertIgnored(Arrays.copyOf(good, 7), "truncated");
        assertIgnored(new byte[0], "truncated");
        Files.delete(file());
        assertEquals(new Restored(0, List.of()), CounterSnapshots.restore(registry(), state), "no file: a first start");
    }

    @Test
    void writesAtTheIntervalOffTheCallerAndOnceMoreOnClose() throws Exception {
        CounterRegistry registry = registry();
        WindowCounters daily = registry.window("p", DAILY);
        daily.tryAcquire("k", 1);
        CounterSnapshots snapshots = CounterSnapshots.start(registry, state, Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file()));
        daily.tryAcquire("k", 2);
        snapshots.close();
        CounterRegistry after = registry();
        CounterSnapshots.restore(after, state);
        assertEquals(7, after.window("p", DAILY).tryAcquire("k", 0).remaining(), "the write on close has all three");
        try (var files = Files.list(state)) {
            assertEquals(List.of(file()), files.toList(), "no temp file left behind");
        }
    }

    private void writeOnce(CounterRegistry registry) throws Exception {
        try (CounterSnapshots snapshots = CounterSnapshots.start(registry, state, Duration.ofHours(1))) {
            snapshots.write();
        }
    }

    private void assertIgnored(byte[] content, String reason) throws Exception {
        Files.write(file(), content);
        CounterRegistry fresh = registry();
        Restored restored = CounterSnapshots.restore(fresh, state);
        assertEquals(0, restored.keys());
        assertEquals(1, restored.problems().size());
        String problem = restored.problems().get(0);
        assertTrue(problem.contains(file().toString()) && problem.contains(reason), problem);
        assertEquals(9, fresh.window("p", DAILY).tryAcquire("k", 1).remaining(), "counting starts from zero");
    }
}
