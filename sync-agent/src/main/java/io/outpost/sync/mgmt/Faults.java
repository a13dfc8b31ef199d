package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.common.json.Json;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TEST ONLY (enabled by {@code serve --test-faults}): makes the receiver misbehave the way real
 * management servers and networks do, so the agent's retry logic is tested against real sockets.
 * Set with {@code POST /test/faults}: {@code {"mode":"status","status":503,"retryAfter":"2"}},
 * {@code {"mode":"slow","delayMillis":3000}}, {@code {"mode":"reset"}}, {@code {"mode":"none"}};
 * an optional {@code "count":N} limits it to the next N requests. {@code {"mode":"unanswered"}}
 * stores the batch and then resets the connection instead of answering: the batch is delivered but
 * the agent never hears so, the moment between delivery and acknowledgement held open for a test.
 */
final class Faults {
    enum Mode { NONE, STATUS, SLOW, RESET, UNANSWERED }

    /** @param remaining requests still to affect; negative = all */
    record Plan(Mode mode, int status, String retryAfter, long delayMillis, long remaining) {
        static final Plan NONE = new Plan(Mode.NONE, 0, null, 0, -1);
    }

    private final AtomicReference<Plan> plan = new AtomicReference<>(Plan.NONE);
    private final AtomicLong injected = new AtomicLong();

    /** The fault to apply to this request, or null; counts it. */
    Plan take() {
        while (true) {
            Plan p = plan.get();
            if (p.mode() == Mode.NONE) {
                return null;
            }
            Plan next = p.remaining() < 0 ? p : p.remaining() <= 1 ? Plan.NONE
                    : new Plan(p.mode(), p.status(), p.retryAfter(), p.delayMillis(), p.remaining() - 1);
            if (plan.compareAndSet(p, next)) {
                injected.incrementAndGet();
                return p;
            }
        }
    }

    void set(JsonNode body) {
        Mode mode = Mode.valueOf(body.path("mode").asText("none").toUpperCase(java.util.Locale.ROOT));
        int status = body.path("status").asInt(500);
        if (mode == Mode.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be 400-599");
        }
        String retryAfter = body.hasNonNull("retryAfter") ? body.get("retryAfter").asText() : null;
        plan.set(new Plan(mode, status, retryAfter, body.path("delayMillis").asLong(0), body.path("count").asLong(-1)));
    }

    long injected() {
        return injected.get();
    }

    ObjectNode describe() {
        Plan p = plan.get();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("status", p.status());
        if (p.retryAfter() != null) {
            o.put("retryAfter", p.retryAfter());
        }
        o.put("delayMillis", p.delayMillis());
        o.put("remaining", p.remaining());
        o.put("injected", injected.get());
        return o;
    }
}
