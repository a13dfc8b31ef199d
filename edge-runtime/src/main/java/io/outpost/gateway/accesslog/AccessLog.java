package io.outpost.gateway.accesslog;

import io.outpost.common.logging.AccessLogNames;
import io.outpost.common.logging.LogSettings;
import io.outpost.common.logging.OperatorWarnings;
import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.accessLog: true}: one line per ended exchange on stderr, from the facts the journal
 * records (docs/gateway.md, "Access log"). The event loop only offers the record to a bounded queue;
 * one writer thread formats and writes, so a slow terminal or a stalled pipe never reaches a request.
 * When the queue is full the line is dropped and counted, and the count is said on stderr.
 */
public final class AccessLog implements ExchangeObserver {
    static final int CAPACITY = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogNames.LOGGER);
    private final BlockingQueue<ExchangeRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    /** Every access log's drops in this process (there is one, made at the start), for /metrics. */
    private static final AtomicLong DROPPED_IN_PROCESS = new AtomicLong();

    AccessLog(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** {@code others} and, when the settings ask for it, the access log after them. */
    public static ExchangeObserver with(LogSettings settings, ExchangeObserver others) {
        if (!settings.accessLog()) {
            return others;
        }
        AccessLog log = new AccessLog(CAPACITY);
        log.startWriter();
        return ExchangeObserver.both(others, log);
    }

    void startWriter() {
        Thread writer = new Thread(this::writeLoop, "outpost-access-log");
        writer.setDaemon(true); // what is queued at exit may be lost: the journal, not this log, is the record
        writer.start();
    }

    @Override
    public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp) {
        // build() copies the facts: the builder may be reused once this returns. The client address is not logged.
        if (!queue.offer(exchange.build())) {
            dropped.incrementAndGet();
            DROPPED_IN_PROCESS.incrementAndGet();
        }
    }

    /** Lines dropped by the process's access log so far (0 when it is off): outpost_gateway_access_log_dropped_total. */
    public static long droppedInProcess() {
        return DROPPED_IN_PROCESS.get();
    }

    /** Lines dropped so far because the writer could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    private void writeLoop() {
        long reportedDrops = 0;
        while (true) {
            ExchangeRecord record;
            try {
                record = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            LOG.info(AccessLine.format(record));
            long drops = dropped.get();
            if (drops != reportedDrops) {
                OperatorWarnings.shared().warn(LOG, "access-log-dropped", "access log: " + drops
                        + " lines dropped in all: stderr is slower than the traffic (the journal still has every exchange)");
                reportedDrops = drops;
            }
        }
    }
}
