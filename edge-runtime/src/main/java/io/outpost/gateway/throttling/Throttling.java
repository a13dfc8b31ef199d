package io.outpost.gateway.throttling;

import io.outpost.common.model.ThrottlePolicies;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.throttling.counting.CounterRegistry;
import io.outpost.gateway.throttling.counting.CounterSnapshots;
import io.outpost.gateway.throttling.counting.WindowCounters;
import io.outpost.gateway.throttling.counting.WindowLimit;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Throttling for the life of the gateway process (docs/throttling.md): the counters, which outlive
 * generations (a tier a new generation keeps goes on counting), and the metrics; per generation,
 * the stages compiled from that generation's policies. The gateway's assembly makes one.
 */
public final class Throttling implements AutoCloseable {
    private final ThrottleSettings settings;
    private final CounterRegistry registry;
    private final ThrottleMetrics metrics;
    private final AddressLimitStage perAddress;
    private CounterSnapshots snapshots;
    /** The planner of the generation compiled last: its counters are the ones to keep. */
    private volatile ThrottlePlanner latest;

    public Throttling(ThrottleSettings settings, CounterRegistry registry, PrometheusRegistry metricsRegistry) {
        this.settings = settings;
        this.registry = registry;
        this.metrics = new ThrottleMetrics(metricsRegistry, registry);
        ThrottleSettings.PerAddress limit = settings.perAddress();
        WindowCounters counters = limit == null ? null
                : registry.window("address/perAddress", new WindowLimit(limit.count(), limit.windowMillis()));
        this.perAddress = counters == null ? null : new AddressLimitStage(counters, metrics);
    }

    /**
     * Throttling for a gateway starting: counts of the state directory's snapshot restored (a power
     * cycle does not reset a daily quota), then saved there every {@code snapshotIntervalSeconds}.
     *
     * @param warnings told of a snapshot that could not be read (ignored: counting starts from zero)
     */
    public static Throttling start(ThrottleSettings settings, Path stateDir, PrometheusRegistry metricsRegistry,
                                   Consumer<String> warnings) {
        CounterRegistry registry = new CounterRegistry(settings.maxKeysPerPolicy(), System::currentTimeMillis);
        CounterSnapshots.restore(registry, stateDir).problems().forEach(warnings);
        Throttling throttling = new Throttling(settings, registry, metricsRegistry);
        if (settings.snapshotSeconds() > 0) {
            throttling.snapshots = CounterSnapshots.start(registry, stateDir, Duration.ofSeconds(settings.snapshotSeconds()));
        }
        return throttling;
    }

    /** Saves the counts once more (a clean stop gives nothing back). */
    @Override
    public void close() {
        if (snapshots != null) {
            snapshots.close();
        }
    }

    /** The per-address limit ahead of authentication, on every route, when {@code throttling.perAddress} is set. */
    public StageFactory addressLimit() {
        return route -> perAddress;
    }

    /** Each route's tiers, compiled from a generation's policies; no stage when throttling is off. */
    public StageFactory tiers(ThrottlePolicies policies) {
        if (!settings.enabled()) {
            return route -> null;
        }
        ThrottlePlanner planner = new ThrottlePlanner(policies, registry, metrics, settings.fieldsOnEveryResponse());
        latest = planner;
        return planner::forRoute;
    }

    /**
     * Forgets the counters the generation compiled last does not use (a tier removed, or its limit
     * changed), so they are neither kept in memory nor snapshotted; exchanges of an older generation
     * still under way keep counting on theirs until they end.
     */
    public void forgetUnused() {
        ThrottlePlanner planner = latest;
        java.util.List<Object> keep = new java.util.ArrayList<>(planner == null ? java.util.List.of() : planner.inUse());
        if (perAddress != null) {
            keep.add(perAddress.counters());
        }
        registry.retainOnly(keep);
    }

    public ThrottleSettings settings() {
        return settings;
    }

    public CounterRegistry registry() {
        return registry;
    }
}
