package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.throttling.counting.Admission;
import io.outpost.gateway.throttling.counting.WindowCounters;
import io.outpost.journal.ExchangeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Throttling, after authentication (docs/throttling.md): the route's levels in WSO2's order — API ▸
 * resource ▸ subscription ▸ application ▸ custom — each counting the request on its own counter.
 * A request counts only where it is admitted: when a later level refuses, the counts the earlier
 * ones took are given back, so a refused request consumes nothing. A tier with
 * {@code stopOnQuotaReach: false} lets a request over its quota through and marks it in the journal.
 * Bandwidth quotas are asked whether room is left now, and are told the request's and response's
 * body bytes as they stream.
 */
public final class ThrottleStage implements Stage {
    private final List<LevelRule> rules;
    private final ThrottleMetrics metrics;
    private final boolean fieldsOnEveryResponse;

    ThrottleStage(List<LevelRule> rules, ThrottleMetrics metrics, boolean fieldsOnEveryResponse) {
        this.rules = List.copyOf(rules);
        this.metrics = metrics;
        this.fieldsOnEveryResponse = fieldsOnEveryResponse;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        List<Charge> charges = new ArrayList<>(4);
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).charges(exchange, charges);
        }
        Admission[] consumed = new Admission[charges.size()];
        Charge closest = null;
        Admission closestAdmission = null;
        Charge over = null;
        for (int i = 0; i < charges.size(); i++) {
            Charge charge = charges.get(i);
            Limits.Decision decision = charge.limits().admit(charge.key());
            if (!decision.admitted()) {
                if (!charge.limits().stopOnQuota() && !decision.burst()) {
                    over = charge; // let through, marked
                    metrics.count(charge.level(), ThrottleMetrics.OVER_QUOTA);
                    continue;
                }
                giveBack(charges, consumed);
                metrics.count(charge.level(), ThrottleMetrics.REFUSED);
                mark(exchange.record(), charge, false);
                RateLimitFields.refused(exchange, charge, decision.admission());
                return new Verdict.Refuse(charge.level().fault(decision.burst()));
            }
            metrics.count(charge.level(), ThrottleMetrics.ADMITTED);
            consumed[i] = decision.consumed();
            if (charge.limits().bytes() != null) {
                WindowCounters bytes = charge.limits().bytes();
                String key = charge.key();
                exchange.meterBytes(count -> bytes.add(key, count));
            }
            Admission admission = decision.admission();
            if (admission != null && (closestAdmission == null || left(admission) < left(closestAdmission))) {
                closest = charge;
                closestAdmission = admission;
            }
        }
        if (over != null) {
            mark(exchange.record(), over, false);
        } else if (closest != null) {
            mark(exchange.record(), closest, true);
            if (fieldsOnEveryResponse) {
                RateLimitFields.add(exchange, closest, closestAdmission);
            }
        }
        return Verdict.CONTINUE;
    }

    /** The share of the quota left, to pick the quota a client is closest to exhausting. */
    private static double left(Admission admission) {
        return admission.limit() == 0 ? 0 : (double) admission.remaining() / admission.limit();
    }

    /** A later quota refused: the counts the earlier ones took go back (a refused request consumes nothing). */
    private static void giveBack(List<Charge> charges, Admission[] consumed) {
        for (int i = 0; i < consumed.length; i++) {
            if (consumed[i] != null) {
                charges.get(i).limits().requests().release(charges.get(i).key(), 1, consumed[i].window());
            }
        }
    }

    /** Throttle level, tier and outcome in the journal record (passed false with a 2xx: over the quota, let through). */
    private static void mark(ExchangeRecord.Builder record, Charge charge, boolean passed) {
        record.throttleLevel(charge.level().label()).throttleTier(charge.limits().policy()).throttlePassed(passed);
    }
}
