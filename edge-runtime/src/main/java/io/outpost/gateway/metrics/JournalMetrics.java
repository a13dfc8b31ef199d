package io.outpost.gateway.metrics;

import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.journal.JournalStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The journal writer's own counters (the ones {@code /health} shows under "journal"), read at each
 * scrape from one {@link JournalStats} snapshot per metric: the appender thread already keeps them,
 * the request path gains nothing. Not registered when journaling is off.
 *
 * <p>The oldest unacknowledged record's age: the appender thread reads that record's time when the
 * agent's acknowledgement moves (JournalStats#oldestUnacknowledgedMillis), so a scrape reads a field.
 */
public final class JournalMetrics {
    private JournalMetrics() {}

    public static void register(PrometheusRegistry registry, JournalingObserver journal) {
        counter(registry, journal, "outpost_gateway_journal_appended",
                "Records written to the journal (exchanges and the loss records that count drops)", JournalStats::appended);
        CounterWithCallback.builder().name("outpost_gateway_journal_dropped")
                .help("Exchanges not journaled, by reason: overflow (the append queue was full), disk_full (journaling "
                        + "suspended for analytics.minFreeBytes), over_budget (the live cycle alone was over analytics.maxJournalBytes)")
                .labelNames("reason")
                .callback(cb -> {
                    JournalStats s = journal.stats();
                    cb.call(s.droppedOverflow(), "overflow");
                    cb.call(s.droppedDiskFull(), "disk_full");
                    cb.call(s.droppedOverBudget(), "over_budget");
                })
                .register(registry);
        counter(registry, journal, "outpost_gateway_journal_lost",
                "Journaled exchanges deleted by analytics.maxJournalBytes before the sync agent acknowledged them "
                        + "(as the gateway sees it; the agent's loss events are exact)",
                s -> Math.max(0, s.lostToBudget() - s.droppedOverBudget()));
        gauge(registry, journal, "outpost_gateway_journal_bytes", "Size of the journal's cycle files on disk",
                JournalStats::bytesOnDisk);
        GaugeWithCallback.builder().name("outpost_gateway_journal_max_bytes")
                .help("The journal's disk budget, analytics.maxJournalBytes")
                .callback(cb -> cb.call(journal.maxJournalBytes())).register(registry);
        gauge(registry, journal, "outpost_gateway_journal_oldest_unacknowledged_age_seconds",
                "Age of the oldest journal record the sync agent has not acknowledged (0 when every record is), "
                        + "as of the last housekeeping pass (every second)",
                s -> s.oldestUnacknowledgedMillis() < 0 ? 0
                        : Math.max(0, System.currentTimeMillis() - s.oldestUnacknowledgedMillis()) / 1000.0);
        gauge(registry, journal, "outpost_gateway_journal_suspended",
                "1 while journaling is suspended for lack of free space (analytics.minFreeBytes), else 0", s -> s.suspended() ? 1 : 0);
        gauge(registry, journal, "outpost_gateway_journal_paused_over_budget",
                "1 while the live cycle alone is over analytics.maxJournalBytes (exchanges are dropped until the next cycle), else 0",
                s -> s.pausedOverBudget() ? 1 : 0);
    }

    private static void counter(PrometheusRegistry registry, JournalingObserver journal, String name, String help,
                                ToDoubleFunction<JournalStats> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(journal.stats()))).register(registry);
    }

    private static void gauge(PrometheusRegistry registry, JournalingObserver journal, String name, String help,
                              ToDoubleFunction<JournalStats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(journal.stats()))).register(registry);
    }
}
