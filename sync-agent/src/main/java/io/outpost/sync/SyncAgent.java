package io.outpost.sync;

import io.outpost.common.bundle.BundleStore;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.common.systemd.ExecutorsAnswer;
import io.outpost.common.systemd.SystemdNotifier;
import io.outpost.journal.JournalReader;
import io.outpost.sync.admin.AdminServer;
import io.outpost.sync.admin.AgentMetrics;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.forward.Backoff;
import io.outpost.sync.forward.BatchFiller;
import io.outpost.sync.forward.BatchPipeline;
import io.outpost.sync.forward.Forwarder;
import io.outpost.sync.forward.ManagementClient;
import io.outpost.sync.forward.Pacer;
import io.outpost.sync.status.AgentLock;
import io.outpost.sync.status.AgentStatus;
import io.outpost.sync.status.StatusFile;
import io.outpost.sync.updates.BundlePuller;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly of {@code outpost sync run}: one lock, one journal reader, one forwarder thread,
 * one scheduler (bundle polls and the status file), the admin port. Everything is wired here by
 * hand; nothing else news up a collaborator.
 */
final class SyncAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncAgent.class);

    private final SyncConfig config;
    private final AgentMetrics metrics = new AgentMetrics();
    private final long startedAt = System.currentTimeMillis();
    private final SystemdNotifier systemd = SystemdNotifier.from(System.getenv()); // a no-op unless started by systemd
    private AgentLock lock;
    private AdminServer admin;
    private volatile JournalReader reader;
    private BatchPipeline pipeline;
    private Thread pipelineThread;
    private volatile Forwarder forwarder;
    private Thread forwarderThread;
    private ScheduledExecutorService scheduler;
    private BundlePuller puller;
    /** The status LEDs and sync button ({@code io.outpost.sync.gpio.DeviceGpio}); null without a gpio: section. */
    private AutoCloseable gpio;
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    SyncAgent(SyncConfig config) {
        this.config = config;
    }

    /** Starts everything; returns the ready line, or null if stopped while waiting for the journal. */
    String start() throws IOException, KeyException, InterruptedException {
        if (config.management().url() == null) {
            throw new IllegalArgumentException(config.source() + ": management.url is required to run the agent "
                    + "(air-gapped sites use 'outpost sync export' instead)");
        }
        lock = AgentLock.acquire(config.lockFile());
        ManagementClient client = new ManagementClient(config.management(), new Pacer(config.uploadBytesPerSecond()));
        Ed25519Key updateKey = config.updates().publicKey() == null ? null : Ed25519Key.read(config.updates().publicKey());
        admin = new AdminServer(config.admin().host(), config.admin().port(), metrics);
        if (config.management().bearerTokenFile() != null && "http".equals(config.management().url().getScheme())) {
            LOG.warn("the bearer token is sent over plain http to {}; use https outside a lab", config.management().url());
        }
        // Bundles do not depend on the journal: a device may need revocations before its first request.
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sync-scheduler");
            t.setDaemon(true);
            return t;
        });
        if (updateKey != null) {
            puller = new BundlePuller(client, new BundleStore(config.stateDir()), updateKey,
                    config.updates().types(), metrics);
            scheduler.scheduleWithFixedDelay(puller, 0, config.updates().pollIntervalSeconds(), TimeUnit.SECONDS);
        } else {
            LOG.info("updates.publicKey is not set: update bundles are not pulled");
        }
        startGpio();
        // Ready before the journal exists: the agent starts independently of the gateway, and waits.
        systemd.ready("waiting for the gateway's journal in " + config.journal());
        ExecutorsAnswer schedulerAnswers = new ExecutorsAnswer(java.util.List.of(scheduler));
        systemd.startWatchdog(within -> problem(schedulerAnswers, within));
        reader = Journals.openWhenReady(config.journal(), () -> stopping);
        if (reader == null) {
            return null;
        }
        long acknowledged = startForwarding(client);
        scheduler.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> followRecreatedJournal(client), 1, 1, TimeUnit.SECONDS);
        var a = admin.address();
        // The backlog in the start line: "from index -1" alone cannot tell an empty journal (a gateway
        // killed before appending, docs/gateway.md "Durability") from a reader that is stuck.
        LOG.info("forwarding journal {} (device {}, epoch {}) from index {}, {} events pending, to {}", config.journal(),
                reader.deviceId(), reader.epoch(), acknowledged, metrics.backlogEvents.get(), client.ingestUri());
        systemd.status("forwarding device " + reader.deviceId() + " to " + client.ingestUri());
        return "outpost-sync ready admin=" + io.netty.util.NetUtil.toSocketAddressString(a) // [::1]:9091 for IPv6
                + " device=" + reader.deviceId() + " acknowledged=" + acknowledged;
    }

    /** Only here is the gpio package touched: without a gpio: section, no Pi4J class is ever loaded. */
    private void startGpio() {
        if (config.gpio() == null) {
            return;
        }
        try {
            gpio = io.outpost.sync.gpio.DeviceGpio.start(config.gpio(),
                    () -> io.outpost.sync.gpio.Light.of(metrics, reader != null), this::syncNow, scheduler);
            LOG.info("status LEDs and sync button on GPIO: {}", config.gpio());
        } catch (RuntimeException e) {
            // Never required to run: a board without GPIO access still forwards.
            LOG.warn("{}: gpio: cannot open the GPIO pins ({}); running without status LEDs and button; fix: grant the"
                    + " service access to the GPIO device (docs/device.md, \"Status LEDs and button\") or remove gpio:",
                    config.source(), e.toString());
        }
    }

    /** The sync button: the forwarder's backoff wait ends now, and bundles are polled now (on the scheduler). */
    private void syncNow() {
        Forwarder f = forwarder;
        if (f != null) {
            f.attemptNow();
        }
        if (puller != null) {
            puller.run();
        }
    }

    /**
     * The watchdog's probe: the scheduler (bundle polls, the status file, following a new journal)
     * runs a no-op in time, and the reader and forwarder threads, once started, still run.
     */
    private String problem(ExecutorsAnswer schedulerAnswers, java.time.Duration within) throws InterruptedException {
        String scheduler = schedulerAnswers.problem(within);
        if (scheduler != null || stopping) {
            return scheduler;
        }
        synchronized (this) {
            return forwarderThread != null && !forwarderThread.isAlive() ? "the forwarder thread has ended"
                    : pipelineThread != null && !pipelineThread.isAlive() ? "the journal reader thread has ended" : null;
        }
    }

    /** Starts reading {@link #reader} and forwarding from its acknowledged index; returns that index. */
    private long startForwarding(ManagementClient client) {
        BatchFiller filler = new BatchFiller(reader, config.batch().maxEvents(), config.batch().maxBytes(), config.batch().gzipLevel(),
                config.batch().lingerMillis());
        pipeline = new BatchPipeline(reader, filler, metrics);
        forwarder = new Forwarder(reader.deviceId(), reader.epoch(), config.journal(), config.stateDir(), client, pipeline,
                new Backoff(config.backoff().initialMillis(), config.backoff().maxMillis(), new Random()), metrics);
        long acknowledged = forwarder.resume();
        metrics.backlogEvents.set(reader.pendingAfter(acknowledged)); // before the reader thread owns the reader
        pipelineThread = new Thread(pipeline, "sync-reader");
        pipelineThread.start();
        forwarderThread = new Thread(forwarder, "sync-forwarder");
        forwarderThread.start();
        return acknowledged;
    }

    private void stopForwarding() {
        forwarder.stop();
        pipeline.stop();
        forwarderThread.interrupt();
        pipelineThread.interrupt();
        try {
            forwarderThread.join(10_000);
            pipelineThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A journal created anew under the running agent (a new epoch in its directory) is followed
     * without a restart: what the old one still held is gone with its files, so the agent starts
     * on the new one from its acknowledged index (none yet: from the start).
     */
    private synchronized void followRecreatedJournal(ManagementClient client) {
        try {
            OptionalLong onDisk = JournalReader.epochOnDisk(config.journal());
            if (stopping || onDisk.isEmpty() || (reader != null && onDisk.getAsLong() == reader.epoch())) {
                return;
            }
            if (reader != null) {
                LOG.warn("journal {} was created anew (epoch {} -> {}): forwarding the new one", config.journal(),
                        reader.epoch(), onDisk.getAsLong());
                stopForwarding();
                forwarder = null;
                reader.close();
                reader = null;
            }
            reader = Journals.openExisting(config.journal());
            long acknowledged = startForwarding(client);
            LOG.info("forwarding journal {} (device {}, epoch {}) from index {}", config.journal(), reader.deviceId(),
                    reader.epoch(), acknowledged);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open the new journal in {} yet, retrying: {}", config.journal(), e.toString());
        }
    }

    private void writeStatus() {
        if (reader == null) {
            return;
        }
        try {
            StatusFile.write(config.statusFile(), new AgentStatus(ProcessHandle.current().pid(), startedAt,
                    System.currentTimeMillis(), String.valueOf(config.management().url()), reader.deviceId(), reader.epoch(),
                    metrics.acknowledgedIndex.get(), metrics.lastWrittenIndex.get(), metrics.backlogEvents.get(),
                    metrics.eventsForwarded.sum(), metrics.batchesSent.sum(), metrics.bytesSent.sum(),
                    metrics.duplicatesReported.sum(), metrics.lastSuccessMillis.get(), metrics.lastAttemptMillis.get(),
                    metrics.nextAttemptMillis.get(), metrics.consecutiveFailures.get(), metrics.lastError.get(),
                    metrics.bundleSequences(), metrics.budgetRangesSkipped.get(), metrics.budgetEventsLost.get(),
                    metrics.lastSkippedRange.get(), metrics.readerError.get(), metrics.corruptSkipped.get(),
                    metrics.oldestPendingMillis.get(), metrics.pendingBytesPerEvent.get()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot write {}: {}", config.statusFile(), e.toString());
        }
    }

    /** Stops the forwarder (an in-flight batch is simply not acknowledged), then everything else. */
    @Override
    public void close() {
        stopping = true;
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        systemd.stopping();
        synchronized (this) {
            if (forwarder != null) {
                stopForwarding();
            }
        }
        if (gpio != null) {
            try {
                gpio.close();
            } catch (Exception e) {
                LOG.debug("closing GPIO: {}", e.toString());
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            writeStatus();
        }
        if (reader != null) {
            reader.close();
        }
        if (admin != null) {
            admin.close();
        }
        systemd.close();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debug("releasing the lock: {}", e.toString());
            }
        }
    }
}
