package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.throttling.counting.Admission;
import io.outpost.gateway.throttling.counting.WindowCounters;

/**
 * {@code throttling.perAddress}: a limit per client address ahead of authentication, so that a
 * flood of bad tokens cannot buy unlimited signature checks (429 / 101429). Counted on the one
 * resolved client address (trustedProxies), an IPv6 client by its /64.
 */
final class AddressLimitStage implements Stage {
    private final WindowCounters counters;
    private final Charge charge;
    private final ThrottleMetrics metrics;

    AddressLimitStage(WindowCounters counters, ThrottleMetrics metrics) {
        this.counters = counters;
        this.charge = new Charge(ThrottleLevel.ADDRESS, new Limits(ThrottleLevel.ADDRESS, "perAddress", counters, null, null, true), null);
        this.metrics = metrics;
    }

    WindowCounters counters() {
        return counters;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        Admission admission = counters.tryAcquire(ClientKeys.of(exchange.clientAddress()), 1);
        if (admission.admitted()) {
            metrics.count(ThrottleLevel.ADDRESS, ThrottleMetrics.ADMITTED);
            return Verdict.CONTINUE;
        }
        metrics.count(ThrottleLevel.ADDRESS, ThrottleMetrics.REFUSED);
        exchange.record().throttleLevel(ThrottleLevel.ADDRESS.label()).throttleTier("perAddress").throttlePassed(false);
        RateLimitFields.refused(exchange, charge, admission);
        return new Verdict.Refuse(ThrottleLevel.ADDRESS.fault(false));
    }
}
