package io.outpost.gateway.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter with one label whose values are all known when it is built, each under an int key (a
 * status class, a fault code). Every labelled data point is resolved here, once, so counting is a
 * binary search of a small sorted int array and a {@code LongAdder} add: no allocation, no boxing,
 * no lock on the request path. A key outside the set counts under {@value #OTHER}, so the label set
 * stays bounded whatever a backend or a stage sends. Exemplars are off: sampling one would look up
 * a trace context on every count.
 */
public final class BoundedCounter {
    public static final String OTHER = "other";

    private final int[] keys;
    private final CounterDataPoint[] points;
    private final CounterDataPoint other;

    private BoundedCounter(int[] keys, CounterDataPoint[] points, CounterDataPoint other) {
        this.keys = keys;
        this.points = points;
        this.other = other;
    }

    /**
     * @param name   the metric name without {@code _total} (the exposition adds it)
     * @param values the label value for each key; every series is exposed from the start, at 0
     */
    public static BoundedCounter register(PrometheusRegistry registry, String name, String help, String label,
                                          Map<Integer, String> values) {
        if (values.containsValue(OTHER)) {
            throw new IllegalArgumentException(name + ": '" + OTHER + "' is the label value of unknown keys");
        }
        Counter counter = Counter.builder().name(name).help(help).labelNames(label).withoutExemplars().register(registry);
        TreeMap<Integer, String> sorted = new TreeMap<>(values);
        int[] keys = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
        CounterDataPoint[] points = sorted.values().stream().map(counter::labelValues).toArray(CounterDataPoint[]::new);
        return new BoundedCounter(keys, points, counter.labelValues(OTHER));
    }

    /** Counts one under {@code key}'s label value, or under {@value #OTHER}. */
    public void inc(int key) {
        point(key).inc();
    }

    /** The count under {@code key}'s label value (under {@value #OTHER} for an unknown key). */
    public long get(int key) {
        return point(key).getLongValue();
    }

    private CounterDataPoint point(int key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? points[i] : other;
    }
}
