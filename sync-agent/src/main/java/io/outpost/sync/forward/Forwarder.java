package io.outpost.sync.forward;

import io.outpost.journal.Acknowledgement;
import io.outpost.sync.admin.AgentMetrics;
import io.outpost.sync.wire.EncodedBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward loop, on one thread: read a batch from the journal after the acknowledged
 * position, POST it until a 2xx, then write the acknowledgement; repeat. The same batch bytes are
 * resent until accepted, so delivery is at-least-once and in journal order, and a crash loses at
 * most the acknowledgement of one batch (the receiver de-duplicates it). That batch is kept as sent
 * ({@link InFlightBatch}) and sent first after a restart, even if the gateway's budget has deleted
 * its cycle meanwhile: a batch that was delivered is never reported lost.
 *
 * <p>Batches come ready-encoded from the {@link BatchPipeline}. While the link is down this thread
 * sleeps between attempts (exponential backoff with jitter, Retry-After honoured) and the
 * pipeline, its one-batch hand-off full, blocks: next to no CPU.
 */
public final class Forwarder implements Runnable {
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final long epoch;
    private final String deviceId;
    private final Path journalDir;
    private final InFlightBatch inFlight;
    private final ManagementClient client;
    private final BatchPipeline pipeline;
    private final Backoff backoff;
    private final AgentMetrics metrics;
    private volatile boolean stopping;
    /** Released by {@link #attemptNow()} (the sync button) to cut a backoff wait short. */
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    private long acknowledged;
    /** The batch in flight when the agent last stopped, sent before anything read now; null once sent. */
    private BatchPipeline.Item resend;

    public Forwarder(String deviceId, long epoch, Path journalDir, Path stateDir, ManagementClient client,
                     BatchPipeline pipeline, Backoff backoff, AgentMetrics metrics) {
        this.deviceId = deviceId;
        this.epoch = epoch;
        this.journalDir = journalDir;
        this.inFlight = new InFlightBatch(stateDir);
        this.client = client;
        this.pipeline = pipeline;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /**
     * Before the threads start: positions the pipeline after the acknowledged index of the journal's
     * epoch, or after the batch that was in flight past it, which then goes first.
     */
    public long resume() {
        acknowledged = Acknowledgement.read(journalDir, epoch).orElse(-1);
        resend = inFlight.unacknowledged(deviceId, epoch, acknowledged).orElse(null);
        if (resend != null) {
            var h = resend.batch().header();
            LOG.info("sending again the batch of {} events (indices {}..{}) that was in flight when the agent stopped; "
                    + "the receiver may have it already", h.count(), h.firstIndex(), h.lastIndex());
        }
        pipeline.start(acknowledged, resend == null ? acknowledged : resend.batch().header().lastIndex());
        metrics.acknowledgedIndex.set(acknowledged);
        return acknowledged;
    }

    public void stop() {
        stopping = true;
    }

    /** Ends the current wait after a failure, so the next attempt starts now (an operator pressed the sync button). */
    public void attemptNow() {
        wake.release();
    }

    @Override
    public void run() {
        EncodedBatch pending = null;
        long minGeneration = 0;
        long lastProgress = System.nanoTime();
        long forwardedAtLastProgress = metrics.eventsForwarded.sum();
        long failingSince = 0;
        long lastFailureLog = 0;
        try {
            while (!stopping) {
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                    long forwarded = metrics.eventsForwarded.sum();
                    long delta = forwarded - forwardedAtLastProgress;
                    long backlog = metrics.backlogEvents.get();
                    if (delta > 0 && backlog > 0) {
                        LOG.info("draining: {} events forwarded in the last {} s ({} events/s), {} still in the backlog",
                                delta, TimeUnit.NANOSECONDS.toSeconds(now - lastProgress),
                                delta * 1_000_000_000L / (now - lastProgress), backlog);
                    }
                    lastProgress = now;
                    forwardedAtLastProgress = forwarded;
                }
                if (pending == null) {
                    BatchPipeline.Item item = resend;
                    resend = null;
                    if (item == null) {
                        item = pipeline.poll(PROGRESS_EVERY_NANOS / 1_000_000);
                        if (item == null || item.generation() < minGeneration) {
                            continue; // nothing new yet, or read ahead before a restart
                        }
                        inFlight.keep(item.batch());
                    }
                    pending = item.batch();
                    metrics.oldestPendingMillis.set(item.firstMillis());
                    metrics.pendingBytesPerEvent.set(pending.ndjsonBytes() / Math.max(1, pending.header().count()));
                }
                metrics.lastAttemptMillis.set(System.currentTimeMillis());
                metrics.nextAttemptMillis.set(0);
                long sentAt = System.nanoTime();
                PostResult result = client.ingest(pending);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("POST of {} events ({} bytes) took {} ms: {}", pending.header().count(), pending.gzip().length,
                            (System.nanoTime() - sentAt) / 1_000_000, result);
                }
                if (result instanceof PostResult.Accepted a) {
                    acknowledge(pending, a);
                    if (backoff.failures() > 0) {
                        LOG.info("link restored after {} failed attempts ({} s); forwarding the backlog",
                                backoff.failures(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince));
                    }
                    backoff.succeeded();
                    metrics.consecutiveFailures.set(0);
                    metrics.lastError.set(null);
                    metrics.oldestPendingMillis.set(0);
                    pending = null;
                } else if (result instanceof PostResult.TooLarge t) {
                    metrics.failure("too_large");
                    int smaller = Math.max(1, pending.header().count() / 2);
                    LOG.warn("management refused a batch of {} events as too large ({}); sending at most {} per batch",
                            pending.header().count(), t.message(), smaller);
                    if (pending.header().count() == 1) {
                        // One event cannot be split: treat like any refusal and keep trying, never drop it.
                        waitAfterFailure(new PostResult.Retry("rejected", t.message(), null), true);
                    } else {
                        minGeneration = pipeline.generation() + 1;
                        pipeline.restart(acknowledged, smaller);
                        pending = null;
                    }
                } else if (result instanceof PostResult.Retry r) {
                    boolean first = backoff.failures() == 0;
                    if (first) {
                        failingSince = System.nanoTime();
                    }
                    boolean remind = System.nanoTime() - lastFailureLog > TimeUnit.MINUTES.toNanos(1);
                    long waited = waitAfterFailure(r, first || remind);
                    if (first || remind) {
                        lastFailureLog = System.nanoTime();
                    }
                    LOG.debug("upload failed ({}): {}; waited {} ms", r.kind(), r.reason(), waited);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long waitAfterFailure(PostResult.Retry r, boolean log) throws InterruptedException {
        metrics.failure(r.kind());
        metrics.lastError.set(r.kind() + ": " + r.reason());
        long delay = backoff.failed(r.retryAfter());
        if (r.kind().equals("rejected")) {
            // A 4xx will not heal by itself (auth, contract mismatch): retry slowly, but never drop events.
            delay = Math.max(delay, backoff.maxMillis());
        }
        metrics.consecutiveFailures.set(backoff.failures());
        metrics.nextAttemptMillis.set(System.currentTimeMillis() + delay);
        if (log) {
            LOG.warn("upload to {} failed ({}: {}); attempt {}, next in {}; events stay in the journal",
                    client.ingestUri(), r.kind(), r.reason(), backoff.failures(), human(delay));
        }
        wake.drainPermits(); // a press before this failure asked for the attempt that just failed
        if (wake.tryAcquire(delay, TimeUnit.MILLISECONDS)) {
            LOG.info("attempting now instead of in {}: asked by the sync button", human(delay));
        }
        return delay;
    }

    private void acknowledge(EncodedBatch batch, PostResult.Accepted a) {
        long index = batch.header().lastIndex();
        try {
            Acknowledgement.write(journalDir, batch.header().epoch(), index);
            inFlight.acknowledged(); // only now: unacknowledged, it must still be sent again after a restart
        } catch (IOException e) {
            // The batch is stored remotely; failing to record that only means it is sent again later
            // (de-duplicated). Keep going rather than stall the whole uplink on a local write error.
            LOG.error("cannot write the acknowledgement to {}: {}; the batch will be sent again after a restart",
                    journalDir, e.getMessage());
        }
        acknowledged = index;
        pipeline.acknowledged(index);
        metrics.acknowledgedIndex.set(index);
        metrics.eventsForwarded.add(batch.header().count());
        metrics.duplicatesReported.add(a.duplicates());
        metrics.batchesSent.increment();
        metrics.bytesSent.add(batch.gzip().length);
        metrics.bytesUncompressed.add(batch.ndjsonBytes());
        metrics.lastSuccessMillis.set(System.currentTimeMillis());
    }

    static String human(long millis) {
        return millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
    }
}
