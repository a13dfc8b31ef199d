package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * batch.lingerMillis, with the agent and the receiver as real subprocesses: requests are counted
 * where they land (the receiver's batch count), arrival times against the events' own times.
 */
class LingerTest {
    private static final String DEVICE = "edge-linger";
    @TempDir
    Path dir;

    private long batches(Receiver receiver) throws Exception {
        return receiver.stats().path("batches").asLong();
    }

    /** 100 events a second for 3 s with a 1 s linger: a handful of POSTs, not hundreds. */
    @Test
    void atASteadyLowRateABatchWaitsForMoreEventsUntilItsOldestIsALingerOld() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, DEVICE);
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0);
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).linger(1000)
                     .write(dir.resolve("sync.yaml")))) {
            int events = steadyRate(journal, 100, 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted() >= events);
            long posts = batches(receiver);
            System.out.println("[measure] linger 1000 ms, 100 events/s for 3 s: " + events + " events in " + posts + " POSTs");
            assertTrue(posts >= 2 && posts <= 6, events + " events in " + posts + " POSTs; expected about one per second");
            assertEquals(JournalIds.all(journalDir), receiver.storedIds(DEVICE));
        }
    }

    /** A full batch does not wait for the linger: with a minute's linger, two full batches go at once, the rest waits. */
    @Test
    void aFullBatchGoesAtOnce() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, DEVICE);
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0);
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).maxEvents(100)
                     .linger(60_000).write(dir.resolve("sync.yaml")))) {
            long start = System.nanoTime();
            journal.append(250);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted() >= 200);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("[measure] two full batches of 100 stored " + millis + " ms after the append (linger 60 s)");
            assertEquals(2, batches(receiver));
            assertEquals(200, receiver.accepted(), "the last 50 events linger: their batch is not full");
            assertEquals(JournalIds.all(journalDir).subList(0, 200), receiver.storedIds(DEVICE));
        }
    }

    /** lingerMillis 0 is the behaviour before the linger existed: each event goes as soon as it is read. */
    @Test
    void lingerZeroSendsWhatTheJournalHoldsAtOnce() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, DEVICE);
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0);
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).linger(0)
                     .write(dir.resolve("sync.yaml")))) {
            for (int i = 1; i <= 3; i++) {
                long start = System.nanoTime();
                journal.append(1);
                int expected = i;
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> receiver.accepted() >= expected);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.println("[measure] linger 0: event " + i + " stored " + millis + " ms after its append");
                assertTrue(millis < 900, "event " + i + " waited " + millis + " ms");
            }
            assertEquals(3, batches(receiver), "one POST per event");
            int events = steadyRate(journal, 100, 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted() >= 3 + events);
            long posts = batches(receiver) - 3;
            System.out.println("[measure] linger 0, 100 events/s for 2 s: " + events + " events in " + posts + " POSTs");
            assertTrue(posts >= events / 10, events + " events in only " + posts + " POSTs: lingerMillis 0 lingered");
        }
    }

    /**
     * kill -9 while a batch lingers: nothing is lost, and the restarted agent counts the linger from
     * the events' own time, so it does not wait a second linger (it would deliver at restart + 4 s).
     */
    @Test
    void aKillWhileLingeringLosesNothingAndAddsNoSecondLinger() throws Exception {
        long linger = 4000;
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, DEVICE);
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0)) {
            Path config = new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).linger(linger)
                    .write(dir.resolve("sync.yaml"));
            long appended;
            try (Agent first = Agent.start(config)) {
                appended = System.nanoTime();
                journal.append(5);
                // Still lingering 1.5 s later: nothing sent yet.
                await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> receiver.accepted() == 0);
                first.kill9();
            }
            try (Agent second = Agent.start(config)) {
                long restarted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.accepted() >= 5);
                long arrived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
                System.out.println("[measure] kill -9 while lingering (" + linger + " ms): agent back after " + restarted
                        + " ms, events stored " + arrived + " ms after their append");
                assertTrue(arrived >= linger - 250, "sent before its linger: " + arrived + " ms");
                assertTrue(arrived < Math.max(linger, restarted) + 1500, "waited a second linger: " + arrived + " ms, agent back after "
                        + restarted + " ms");
                assertEquals(JournalIds.all(journalDir), receiver.storedIds(DEVICE));
                assertEquals(0, receiver.duplicates());
            }
        }
    }

    /** Appends {@code perSecond} events a second, one at a time, for {@code seconds}; returns how many. */
    private static int steadyRate(Journal journal, int perSecond, int seconds) throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        int n = perSecond * seconds;
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not waiting for an outcome
            }
            if (!journal.writer.offer(Journal.record(i))) {
                throw new AssertionError("journal hand-off refused event " + i + ": the test would lose it itself");
            }
        }
        return n;
    }
}
