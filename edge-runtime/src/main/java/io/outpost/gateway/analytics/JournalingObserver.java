package io.outpost.gateway.analytics;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalStats;
import io.outpost.journal.JournalWriter;
import java.io.IOException;

/**
 * The gateway's analytics stage: every ended exchange becomes one journal record. The writer's
 * {@code offer} hands the record to its own appender thread and never blocks, so a slow disk or a
 * full journal never slows the event loops; what cannot be kept is counted and journaled as a loss.
 */
public final class JournalingObserver implements ExchangeObserver, AutoCloseable {
    private final JournalWriter writer;
    private final GatewayConfig.ClientIpMode clientIpMode;
    private final boolean strict;

    private JournalingObserver(JournalWriter writer, GatewayConfig.ClientIpMode clientIp, boolean strict) {
        this.writer = writer;
        this.clientIpMode = clientIp;
        this.strict = strict;
    }

    public static JournalingObserver open(GatewayConfig config, String deviceId) throws IOException {
        GatewayConfig.Analytics a = config.analytics();
        JournalSettings settings = JournalSettings.defaults(config.journalDir())
                .withRollPeriod(a.rollPeriod())
                .withMaxJournalBytes(a.maxJournalBytes())
                .withMinFreeBytes(a.minFreeBytes())
                .withAppendQueueCapacity(a.appendQueueCapacity());
        return new JournalingObserver(JournalWriter.open(settings, deviceId), a.clientIp(),
                a.durability() == GatewayConfig.Durability.STRICT);
    }

    @Override
    public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp) {
        writer.offer(exchange.clientIp(ClientIpAnonymizer.apply(clientIpMode, clientIp)).build());
    }

    @Override
    public boolean acknowledges() {
        return strict;
    }

    @Override
    public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp, Runnable recorded) {
        writer.offer(exchange.clientIp(ClientIpAnonymizer.apply(clientIpMode, clientIp)).build(), recorded);
    }

    /** Journals a record of the gateway's own (a metrics snapshot); never blocks, false when it was dropped. */
    public boolean journal(io.outpost.journal.JournalRecord record) {
        return writer.offer(record);
    }

    public JournalStats stats() {
        return writer.stats();
    }

    public String deviceId() {
        return writer.deviceId();
    }

    public long epoch() {
        return writer.epoch();
    }

    /** The journal's disk budget (analytics.maxJournalBytes). */
    public long maxJournalBytes() {
        return writer.settings().maxJournalBytes();
    }

    /** Drains what is queued into the journal, then closes it. */
    @Override
    public void close() {
        writer.close();
    }
}
