package io.outpost.gateway.throttling;

import io.outpost.gateway.throttling.counting.Admission;
import io.outpost.gateway.throttling.counting.BurstLimiter;
import io.outpost.gateway.throttling.counting.WindowCounters;

/**
 * What one tier (or one condition group of a tier) limits, compiled from policies.yaml onto the
 * counters that outlive generations: requests per window, bytes per window (bandwidth), and burst
 * control. Any of the three may be absent.
 *
 * @param policy      the tier's name as policies.yaml gives it
 * @param stopOnQuota false: a request over the quota goes through and is marked in the journal
 * @param policyField the RateLimit-Policy value of this quota at its level, made once
 */
record Limits(String policy, WindowCounters requests, WindowCounters bytes, BurstLimiter burst, boolean stopOnQuota,
              String policyField) {

    Limits(ThrottleLevel level, String policy, WindowCounters requests, WindowCounters bytes, BurstLimiter burst,
           boolean stopOnQuota) {
        this(policy, requests, bytes, burst, stopOnQuota, RateLimitFields.policy(level, requests, bytes));
    }

    /**
     * Decides one request for {@code key}, consuming what it admits. Burst control first (it is
     * the cheaper refusal and spares the window its count), then the request count, then whether
     * the bandwidth quota has room left (bytes are counted as they stream, later).
     */
    Decision admit(String key) {
        if (burst != null) {
            Admission spaced = burst.tryAcquire(key);
            if (!spaced.admitted()) {
                return new Decision(spaced, true, null);
            }
        }
        Admission counted = null;
        if (requests != null) {
            counted = requests.tryAcquire(key, 1);
            if (!counted.admitted()) {
                return new Decision(counted, false, null);
            }
        }
        if (bytes != null) {
            Admission room = bytes.check(key);
            if (!room.admitted()) {
                if (counted != null) {
                    requests.release(key, 1, counted.window());
                }
                return new Decision(room, false, null);
            }
            return new Decision(counted != null ? counted : room, false, counted);
        }
        return new Decision(counted, false, counted);
    }

    /**
     * @param admission what the deciding counter said (for the RateLimit fields); null when the
     *                  tier limits nothing here
     * @param burst     whether burst control refused
     * @param consumed  the request count taken, to give back if a later level refuses; null if none
     */
    record Decision(Admission admission, boolean burst, Admission consumed) {
        boolean admitted() {
            return admission == null || admission.admitted();
        }
    }
}
