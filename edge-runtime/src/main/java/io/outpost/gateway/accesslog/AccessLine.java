package io.outpost.gateway.accesslog;

import io.outpost.journal.ExchangeRecord;

/**
 * One access log line, {@code key=value} pairs in a fixed order:
 * {@code id=… api=name/version resource=/template method=GET status=200 fault=0 outcome=completed gw_us=…
 * backend_us=… in=… out=…}. The resource is the matched template, never the request path (its query
 * string may hold a key); no header, client address or credential is ever written. A value with a space or
 * a quote is quoted; a missing one is {@code -}.
 */
final class AccessLine {
    private AccessLine() {}

    static String format(ExchangeRecord r) {
        StringBuilder b = new StringBuilder(160);
        field(b, "id", r.correlationId());
        field(b, "api", r.apiName() == null ? null : r.apiVersion() == null ? r.apiName() : r.apiName() + "/" + r.apiVersion());
        field(b, "resource", r.resource());
        field(b, "method", r.method());
        b.append(" status=").append(r.status());
        b.append(" fault=").append(r.errorCode());
        b.append(" outcome=").append(r.outcome().wireName());
        b.append(" gw_us=").append(r.gatewayLatencyMicros());
        b.append(" backend_us=");
        if (r.backendLatencyMicros() == ExchangeRecord.NO_BACKEND) {
            b.append('-');
        } else {
            b.append(r.backendLatencyMicros());
        }
        b.append(" in=").append(r.requestBytes());
        b.append(" out=").append(r.responseBytes());
        return b.toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        if (b.length() > 0) {
            b.append(' ');
        }
        b.append(key).append('=');
        if (value == null || value.isEmpty()) {
            b.append('-');
        } else if (value.chars().anyMatch(c -> c <= ' ' || c == '"' || c == 0x7f)) {
            b.append('"');
            value.chars().forEach(c -> {
                if (c == '"' || c == '\\') {
                    b.append('\\').append((char) c);
                } else if (c < ' ' || c == 0x7f) {
                    b.append(String.format("\\x%02x", c)); // one event, one line: no newline from a header gets through
                } else {
                    b.append((char) c);
                }
            });
            b.append('"');
        } else {
            b.append(value);
        }
    }
}
