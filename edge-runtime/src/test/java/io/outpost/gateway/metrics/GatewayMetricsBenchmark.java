package io.outpost.gateway.metrics;

import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What counting an ended exchange costs on the event loop, and that it allocates nothing: run with
 * {@code edge-runtime/jmh.sh GatewayMetricsBenchmark -prof gc} and read {@code gc.alloc.rate.norm}
 * (B/op). The exchanges cycle through a mix of routes of two APIs (two versions of one), methods
 * (one outside the standard set), proxied answers with backend times, refusals before and after
 * routing, an unknown fault code and an exchange with no response, so no lookup is folded into a
 * constant. The routes' series are resolved in the set-up, as the first exchange of each does in
 * the gateway. Built only with {@code -Pjmh}.
 */
@State(Scope.Benchmark)
public class GatewayMetricsBenchmark {
    /** api, version, resource, method, status, fault code, gateway µs, backend µs. */
    private static final Object[][] MIX = {
            {"shop", "1.0", "/items/{id}", "GET", 200, 0, 3_100L, 2_900L},
            {"shop", "1.0", "/items/{id}", "GET", 200, 0, 850L, 700L},
            {"shop", "1.0", "/items", "POST", 201, 0, 12_000L, 11_000L},
            {"shop", "2.0", "/items/{id}", "GET", 304, 0, 600L, 450L},
            {"shop", "1.0", "/items/{id}", "PUT", 200, 0, 40_000L, 39_500L},
            {null, null, null, "GET", 404, 404, 90L, -1L},
            {"vault", "1", "/secrets/*", "GET", 401, 900902, 150L, -1L},
            {"vault", "1", "/secrets/*", "DELETE", 200, 0, 2_000_000L, 1_999_000L},
            {"shop", "1.0", "/items/{id}", "GET", 503, 101503, 5_000L, -1L},
            {"shop", "1.0", "/items", "POST", 500, 0, 7_000L, 6_000L},
            {"vault", "1", "/secrets/*", "GET", 429, 900800, 120L, -1L},
            {"shop", "1.0", "/items/{id}", "GET", 0, 0, 30_000L, -1L},
            {"shop", "2.0", "/items/{id}", "BREW", 405, 405, 80L, -1L},
            {"shop", "1.0", "/items/{id}", "GET", 504, 101504, 10_001_000L, -1L},
            {"vault", "1", "/secrets/*", "GET", 403, 900906, 200L, -1L},
            {null, null, null, "POST", 400, 400, 60L, -1L}};

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final ExchangeRecord.Builder[] exchanges = new ExchangeRecord.Builder[MIX.length];
    private ExchangeObserver observers;
    private long journaled;

    /** Each thread walks the mix from its own position. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        for (int i = 0; i < MIX.length; i++) {
            Object[] m = MIX[i];
            exchanges[i] = ExchangeRecord.builder().apiName((String) m[0]).apiVersion((String) m[1])
                    .resource((String) m[2]).method((String) m[3]).status((int) m[4]).errorCode((int) m[5])
                    .gatewayLatencyMicros((long) m[6]).backendLatencyMicros((long) m[7]);
            metrics.exchangeEnded(exchanges[i]); // the route's first exchange resolves its series
        }
        // Stands for the journal (whose own cost is JournalAppendBenchmark's): reads the exchange, keeps a sum.
        observers = ExchangeObserver.both((exchange, ip) -> journaled += exchange.status(), new MetricsObserver(metrics));
    }

    @Benchmark
    public void record(Cursor c) {
        metrics.exchangeEnded(exchanges[c.next++ & (MIX.length - 1)]);
    }

    /** The path the gateway takes: the journal and the metrics told through ExchangeObserver.both. */
    @Benchmark
    public void observeBoth(Cursor c) {
        observers.exchangeEnded(exchanges[c.next++ & (MIX.length - 1)], "127.0.0.1");
    }

    /** Both event loops of a 2-core device counting at once into the same data points. */
    @Benchmark
    @Threads(2)
    public void recordTwoThreads(Cursor c) {
        record(c);
    }
}
