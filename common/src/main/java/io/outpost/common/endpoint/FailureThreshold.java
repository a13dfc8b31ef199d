package io.outpost.common.endpoint;

import java.math.BigDecimal;

/**
 * {@code circuitBreaker.failureThreshold}, one rule for the toolkit and the gateway. WSO2 reads it
 * as a ratio: the Microgateway 3.x hands it to Ballerina's HTTP client, which opens the circuit
 * when the failed share of the rolling window reaches it and refuses to start with a value
 * outside 0 to 1 (the samples write {@code 0.2}). So a percentage such as {@code 20} is an error
 * on both sides, never read as 20 %: the toolkit reports it at its line, and the gateway refuses an
 * artifact that holds one (no toolkit has ever built such an artifact).
 */
public final class FailureThreshold {
    private FailureThreshold() {}

    /** What is wrong with a declared value, and the fix. */
    public record Problem(String message, String hint) {}

    /** @return null when the value can be used */
    public static Problem check(double declared) {
        if (declared >= 0 && declared <= 1) {
            return null;
        }
        String found = Double.isFinite(declared) ? plain(BigDecimal.valueOf(declared)) : String.valueOf(declared);
        String hint = declared > 1 && declared <= 100
                ? "for " + found + "% write failureThreshold: " + plain(BigDecimal.valueOf(declared).movePointLeft(2))
                : "write the share of failed requests that opens the circuit, e.g. failureThreshold: 0.2 for 20%";
        return new Problem("failureThreshold is a ratio of failed requests and must be between 0 and 1, found " + found,
                hint);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
