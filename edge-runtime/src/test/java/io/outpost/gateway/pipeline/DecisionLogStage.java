package io.outpost.gateway.pipeline;

import io.outpost.gateway.routing.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: decides a little later (0-2 ms, from another thread, so generations can be swapped
 * under an exchange) and prints which backend its route's generation sends the request to, keyed by
 * the request's correlation id: {@code decided <id> <url>}.
 */
final class DecisionLogStage implements Stage {
    private static final ScheduledExecutorService ANSWERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "decision-log");
        t.setDaemon(true);
        return t;
    });
    private final String backend;

    private DecisionLogStage(String backend) {
        this.backend = backend;
    }

    static Stage forRoute(Route route) {
        return new DecisionLogStage(route.production().urls().get(0));
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        String id = exchange.request().headers().get("X-Correlation-ID");
        CompletableFuture<Verdict> answer = new CompletableFuture<>();
        ANSWERS.schedule(() -> {
            System.out.println("decided " + id + " " + backend);
            answer.complete(Verdict.CONTINUE);
        }, ThreadLocalRandom.current().nextLong(2000), TimeUnit.MICROSECONDS);
        return new Verdict.Pending(answer, Duration.ofSeconds(5));
    }
}
