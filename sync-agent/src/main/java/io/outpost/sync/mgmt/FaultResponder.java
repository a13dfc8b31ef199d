package io.outpost.sync.mgmt;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** TEST ONLY: carries out a {@link Faults.Plan} on one exchange. */
final class FaultResponder {
    /** Thrown out of a handler so the HTTP server drops the connection without answering. */
    static final class Reset extends RuntimeException {
        Reset() {
            super("test fault: connection reset", null, false, false);
        }
    }

    private FaultResponder() {}

    /** @return true if the exchange was answered (or dropped) by the fault */
    static boolean apply(Faults.Plan plan, HttpExchange ex) throws IOException {
        if (plan == null) {
            return false;
        }
        switch (plan.mode()) {
            case STATUS -> {
                if (plan.retryAfter() != null) {
                    ex.getResponseHeaders().set("Retry-After", plan.retryAfter());
                }
                HttpIo.error(ex, plan.status(), "test fault: answering " + plan.status());
                return true;
            }
            case RESET -> {
                // Unread request bytes make the kernel answer the close with a TCP RST.
                throw new Reset();
            }
            case SLOW -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(plan.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false; // then answer normally, late
            }
            default -> {
                return false; // UNANSWERED acts after the batch is stored: afterStored
            }
        }
    }

    /** After the batch is on disk: an {@code unanswered} fault drops the connection instead of the 200. */
    static void afterStored(Faults.Plan plan) {
        if (plan != null && plan.mode() == Faults.Mode.UNANSWERED) {
            throw new Reset();
        }
    }
}
