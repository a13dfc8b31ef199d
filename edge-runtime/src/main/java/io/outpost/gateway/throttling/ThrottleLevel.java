package io.outpost.gateway.throttling;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;

/**
 * Where a quota is counted, in the order WSO2 evaluates them (docs/throttling.md): API ▸ resource ▸
 * subscription ▸ application ▸ custom, with the per-address limit before authentication ahead of
 * them all. Each level refuses with its own fault code; burst control refuses with WSO2's 900807.
 */
public enum ThrottleLevel {
    ADDRESS("address", 101429, "Too many requests from this address; the gateway limits them before checking credentials."),
    API("api", 900800, "You have exceeded your quota: the API's throttling tier."),
    RESOURCE("resource", 900802, "You have exceeded your quota: the resource's throttling tier."),
    SUBSCRIPTION("subscription", 900804, "You have exceeded your quota: your subscription's throttling tier."),
    APPLICATION("application", 900803, "You have exceeded your quota: your application's throttling tier."),
    CUSTOM("custom", 900806, "You have exceeded your quota: a custom throttling policy.");

    /** WSO2's code for a refusal by burst control (spike arrest), at any level. */
    public static final int BURST_CODE = 900807;

    private final String label;
    private final String quoted;
    private final Fault fault;
    private final Fault burstFault;

    ThrottleLevel(String label, int code, String description) {
        this.label = label;
        this.quoted = "\"" + label + "\"";
        this.fault = Faults.throttled(code, description);
        this.burstFault = Faults.throttled(BURST_CODE, "Too many requests in a short time: the "
                + label + " tier's burst control.");
    }

    /** As the journal record and the metrics name it. */
    public String label() {
        return label;
    }

    /** The label as a structured-field string, for the RateLimit fields. */
    String quoted() {
        return quoted;
    }

    /** The WSO2 (or Outpost) fault code of this level's refusals. */
    public int code() {
        return fault.code();
    }

    Fault fault(boolean burst) {
        return burst ? burstFault : fault;
    }
}
