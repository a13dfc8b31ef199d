package io.outpost.gateway.pipeline;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.routing.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: answers later, from another thread, when the request carries {@code X-Delay-Ms}:
 * after that delay it refuses (401) if {@code X-Verdict: refuse}, else lets the request on. A
 * delay past {@code X-Timeout-Ms} (default 5 s) shows the pending timeout.
 */
final class SlowAnswerStage implements Stage {
    private static final ScheduledExecutorService ANSWERS = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "slow-answer");
        t.setDaemon(true);
        return t;
    });

    static Stage forRoute(Route route) {
        return new SlowAnswerStage();
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        String delay = exchange.request().headers().get("X-Delay-Ms");
        if (delay == null) {
            return Verdict.CONTINUE;
        }
        boolean refuse = "refuse".equals(exchange.request().headers().get("X-Verdict"));
        String timeout = exchange.request().headers().get("X-Timeout-Ms");
        CompletableFuture<Verdict> answer = new CompletableFuture<>();
        ANSWERS.schedule(() -> answer.complete(refuse ? new Verdict.Refuse(Faults.missingCredentials("Authorization"))
                : Verdict.CONTINUE), Long.parseLong(delay), TimeUnit.MILLISECONDS);
        return new Verdict.Pending(answer, Duration.ofMillis(timeout == null ? 5000 : Long.parseLong(timeout)));
    }
}
