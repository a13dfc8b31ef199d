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
 * {@code edge-runtime/jmh.sh -prof gc} and read {@code gc.alloc.rate.norm} (B/op). The inputs cycle
 * through a mix of proxied answers, refusals, an unknown fault code and an exchange with no
 * response, so neither lookup is folded into a constant. Built only with {@code -Pjmh}.
 */
@State(Scope.Benchmark)
public class GatewayMetricsBenchmark {
    private static final int[][] MIX = {
            {200, 0}, {200, 0}, {201, 0}, {304, 0}, {200, 0}, {404, 404}, {401, 900902}, {200, 0},
            {503, 101503}, {500, 0}, {429, 900800}, {0, 0}, {200, 0}, {504, 101504}, {403, 900906}, {400, 400}};

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final int[] statuses = new int[MIX.length];
    private final int[] codes = new int[MIX.length];
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
            statuses[i] = MIX[i][0];
            codes[i] = MIX[i][1];
            exchanges[i] = ExchangeRecord.builder().status(MIX[i][0]).errorCode(MIX[i][1]);
        }
        // Stands for the journal (whose own cost is JournalAppendBenchmark's): reads the exchange, keeps a sum.
        observers = ExchangeObserver.both((exchange, ip) -> journaled += exchange.status(), new MetricsObserver(metrics));
    }

    @Benchmark
    public void record(Cursor c) {
        int i = c.next++ & (MIX.length - 1);
        metrics.exchangeEnded(statuses[i], codes[i]);
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
