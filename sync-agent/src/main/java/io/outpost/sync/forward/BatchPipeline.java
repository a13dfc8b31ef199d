package io.outpost.sync.forward;

import io.outpost.journal.JournalReader;
import io.outpost.sync.admin.AgentMetrics;
import io.outpost.sync.wire.EncodedBatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of the forwarder, on its own thread: it owns the journal reader (which is not
 * thread-safe) and keeps the next batch encoded and ready while the current one is in flight, so
 * the device's CPU work (JSON, gzip) overlaps the network round trip and the receiver's work.
 * The hand-off holds one batch: memory stays bounded and order is kept.
 *
 * <p>While the journal is empty it polls with a pause that doubles up to
 * {@link #MAX_IDLE_PAUSE_MILLIS}, cut short when a lingering batch falls due; a full hand-off
 * (link down) blocks it. Either way it is idle.
 */
public final class BatchPipeline implements Runnable {
    static final long MAX_IDLE_PAUSE_MILLIS = 200;
    private static final long BACKLOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

    /** A batch, the pipeline generation it was read in (a restart discards older ones), its first event's time. */
    record Item(EncodedBatch batch, long generation, long firstMillis) {}

    private record Restart(long afterIndex, int maxEvents) {}

    private final JournalReader reader;
    private final BatchFiller filler;
    private final AgentMetrics metrics;
    private final BlockingQueue<Item> ready = new ArrayBlockingQueue<>(1);
    private final AtomicReference<Restart> restart = new AtomicReference<>();
    private volatile long generation;
    private volatile long acknowledged = -1;
    private volatile boolean stopping;
    private long lastBacklog;

    public BatchPipeline(JournalReader reader, BatchFiller filler, AgentMetrics metrics) {
        this.reader = reader;
        this.filler = filler;
        this.metrics = metrics;
    }

    /** Before the thread starts: read from just after {@code readAfter} (the acknowledged index, or past a batch sent again). */
    void start(long acknowledged, long readAfter) {
        this.acknowledged = acknowledged;
        filler.rewind(readAfter);
    }

    /** The forwarder acknowledged up to {@code index}: for the backlog figure. */
    void acknowledged(long index) {
        acknowledged = index;
    }

    long generation() {
        return generation;
    }

    /** Asks the reader thread to go back to just after {@code index} with smaller batches. */
    void restart(long index, int maxEvents) {
        restart.set(new Restart(index, maxEvents));
    }

    /** The next batch, or null if none became ready within {@code millis}. */
    Item poll(long millis) throws InterruptedException {
        return ready.poll(millis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        long idlePause = 1;
        long lastErrorLog = 0;
        try {
            while (!stopping) {
                try {
                    idlePause = step(idlePause);
                } catch (RuntimeException e) {
                    // A reader that throws must never stop forwarding for good while /health says
                    // all is well: say why (status, metrics), wait, and read again from the acknowledgement.
                    metrics.readerErrors.increment();
                    metrics.readerError.set(e.toString());
                    if (System.nanoTime() - lastErrorLog > TimeUnit.MINUTES.toNanos(1)) {
                        LOG.error("journal read failed; reading again from index {} in 1 s", acknowledged, e);
                        lastErrorLog = System.nanoTime();
                    }
                    TimeUnit.SECONDS.sleep(1);
                    restart.compareAndSet(null, new Restart(acknowledged, Integer.MAX_VALUE));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One fill and hand-off; returns the next idle pause. */
    private long step(long idlePause) throws InterruptedException {
        Restart r = restart.getAndSet(null);
        if (r != null) {
            if (r.maxEvents() != Integer.MAX_VALUE) {
                filler.limitEvents(r.maxEvents());
            }
            filler.rewind(r.afterIndex());
            ready.clear();
            generation++;
        }
        refreshBacklog();
        EncodedBatch batch = filler.fill();
        metrics.readerError.set(null);
        if (batch == null) {
            TimeUnit.MILLISECONDS.sleep(Math.min(idlePause, filler.millisUntilDue()));
            return Math.min(MAX_IDLE_PAUSE_MILLIS, idlePause * 2);
        }
        Item item = new Item(batch, generation, filler.firstMillis());
        while (!ready.offer(item, 500, TimeUnit.MILLISECONDS)) {
            if (stopping || restart.get() != null) {
                break; // a restart re-reads this batch's events anyway
            }
            refreshBacklog();
        }
        return 1;
    }

    private void refreshBacklog() {
        long now = System.nanoTime();
        if (now - lastBacklog < BACKLOG_EVERY_NANOS) {
            return;
        }
        lastBacklog = now;
        try {
            metrics.backlogEvents.set(reader.pendingAfter(acknowledged));
            metrics.lastWrittenIndex.set(reader.lastWrittenIndex());
            metrics.corruptSkipped.set(reader.corruptSkipped());
            metrics.budgetRangesSkipped.set(reader.budgetRangesReported());
            metrics.budgetEventsLost.set(reader.budgetEventsReported());
            long[] range = reader.lastBudgetRange();
            metrics.lastSkippedRange.set(range[0] < 0 ? null : range[0] + ".." + range[1]);
        } catch (RuntimeException e) {
            LOG.debug("cannot compute the backlog: {}", e.toString());
        }
    }
}
