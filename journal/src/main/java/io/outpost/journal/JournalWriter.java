package io.outpost.journal;

import io.outpost.journal.CycleFiles.CycleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of the journal. {@link #offer} is called from Netty event loops and never
 * blocks: records go through a bounded queue to one appender thread ("outpost-journal"), which
 * writes them to Chronicle and does the housekeeping (acknowledged cycles, budget, free space).
 */
public final class JournalWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    static final String THREAD_NAME = "outpost-journal";
    static final Duration DEFAULT_HOUSEKEEPING_INTERVAL = Duration.ofSeconds(1);
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final JournalSettings settings;
    private final JournalIdentity identity;
    private final AppendQueue pending;
    private final WriterCounters counters;
    private final AppenderLoop loop;
    private final Thread thread;
    private volatile boolean closed;

    private JournalWriter(JournalSettings settings, JournalIdentity identity, AppendQueue pending,
            WriterCounters counters, AppenderLoop loop) {
        this.settings = settings;
        this.identity = identity;
        this.pending = pending;
        this.counters = counters;
        this.loop = loop;
        this.thread = new Thread(loop, THREAD_NAME);
        thread.setDaemon(true); // never holds the JVM up; close() is what drains
        pending.consumer(thread);
    }

    public static JournalWriter open(JournalSettings settings, String deviceId) throws IOException {
        return open(settings, deviceId, FreeSpaceProbe.FILE_STORE, DEFAULT_HOUSEKEEPING_INTERVAL);
    }

    /** The seam for tests: a simulated file system, a faster housekeeping pace. */
    static JournalWriter open(JournalSettings settings, String deviceId, FreeSpaceProbe probe,
            Duration housekeepingInterval) throws IOException {
        Path dir = settings.directory();
        Files.createDirectories(dir);
        Optional<RollPeriodChange> change = RollPeriodChange.of(dir, settings.rollPeriod());
        if (change.isPresent()) {
            change.get().startAnew(dir); // refuses (IOException) while anything is unforwarded
            LOG.warn("journal {} rolled {} and is fully forwarded: started anew, rolled {} (a new epoch)", dir,
                    change.get().onDisk(), settings.rollPeriod().configName());
        }
        if (settings.maxJournalBytes() < JournalSettings.MIN_MAX_JOURNAL_BYTES) {
            LOG.warn("maxJournalBytes {} cannot hold two journal cycles ({} bytes at least): the budget deletes "
                    + "every cycle but the one being written", settings.maxJournalBytes(), JournalSettings.MIN_MAX_JOURNAL_BYTES);
        }
        JournalIdentity identity = JournalIdentity.loadOrCreate(dir, deviceId);
        TailRepair.repairNewestCycle(dir, settings.rollPeriod());
        SingleChronicleQueue queue = ChronicleQueues.forWriting(dir, settings.rollPeriod(), newestCycleStart(dir,
                settings.rollPeriod()));
        WriterCounters counters = new WriterCounters();
        AppendQueue pending = new AppendQueue(settings.appendQueueCapacity());
        SpaceGuard space = new SpaceGuard(dir, settings.minFreeBytes(), probe, counters);
        Housekeeper housekeeper = new Housekeeper(dir, identity.epoch(), queue, settings.maxJournalBytes(), counters);
        long lastIndex = queue.lastIndex();
        counters.lastIndex = lastIndex;
        BudgetPause pause = new BudgetPause(settings.rollPeriod(), settings.maxJournalBytes(), counters);
        AppenderLoop loop = new AppenderLoop(queue, pending, counters, space, housekeeper, pause,
                housekeepingInterval.toNanos());
        JournalWriter writer = new JournalWriter(settings, identity, pending, counters, loop);
        writer.thread.start();
        LOG.info("journal {} open (device {}, epoch {}, last index {})", dir, identity.deviceId(), identity.epoch(),
                lastIndex);
        return writer;
    }

    /**
     * Never blocks, never throws: false when the queue is full (an overflow drop, journaled later as
     * one LossRecord with the count), and also after {@link #close()} (counted the same way).
     */
    public boolean offer(JournalRecord record) {
        if (record != null && !closed && pending.offer(record)) {
            return true;
        }
        counters.droppedOverflow.incrementAndGet();
        counters.overflowUnjournaled.incrementAndGet();
        return false;
    }

    /**
     * Like {@link #offer(JournalRecord)}, for strict durability: {@code journaled} runs once the
     * record is in the mapped queue file (it survives a kill of the process, not a power cut), or
     * once it is counted as lost; it runs on the appender thread, or at once on the caller's thread
     * when the record cannot be queued. Never blocks.
     */
    public boolean offer(JournalRecord record, Runnable journaled) {
        if (record != null && !closed && pending.offer(new Acknowledged(record, journaled), true)) {
            return true;
        }
        counters.droppedOverflow.incrementAndGet();
        counters.overflowUnjournaled.incrementAndGet();
        journaled.run();
        return false;
    }

    public JournalStats stats() {
        return counters.snapshot();
    }

    public String deviceId() {
        return identity.deviceId();
    }

    public long epoch() {
        return identity.epoch();
    }

    public JournalSettings settings() {
        return settings;
    }

    /** Drains what is queued (bounded wait), then closes the queue. */
    @Override
    public void close() {
        closed = true;
        loop.close();
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("journal appender still busy after {} ms; {} records not drained", CLOSE_WAIT_MILLIS,
                    pending.size());
        }
    }

    /** Where Chronicle's cycle clock must not go back before (see {@link ForwardOnlyClock}). */
    private static long newestCycleStart(Path dir, RollPeriod period) {
        List<CycleFile> cycles = CycleFiles.list(dir, period.rollCycle(), 0);
        return cycles.isEmpty() ? 0 : cycles.get(cycles.size() - 1).cycle() * (long) period.rollCycle().lengthInMillis();
    }
}
