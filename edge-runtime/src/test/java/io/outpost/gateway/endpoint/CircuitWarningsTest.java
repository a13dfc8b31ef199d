package io.outpost.gateway.endpoint;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.logging.WarningWriter;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A circuit opening and closing is one warning line each on stderr, naming the endpoint; a flapping one is not a flood. */
class CircuitWarningsTest {
    @Test
    void openingAndClosingAreSaidOnceEachNamingTheEndpoint() {
        CircuitBreaker breaker = CircuitBreaker.of(new CircuitBreakerConfig(null, 0.5, 0L, List.of(500)), "endpoint 'warned'");
        String err = capturingStderr(() -> {
            for (int round = 0; round < 5; round++) { // open, trial succeeds, closed: five times within the rate limit
                long t = round * 100_000L;
                for (int i = 0; i < 10; i++) {
                    breaker.tryAcquire(t + i);
                    breaker.record(true, t + i);
                }
                breaker.tryAcquire(t + 50_000);
                breaker.record(false, t + 50_000);
            }
            // written by the warnings' own thread, in order: once this is out, every line before it is
            WarningWriter.warn(LoggerFactory.getLogger(CircuitBreaker.class), "sentinel 'warned'");
        });
        List<String> lines = err.lines().filter(l -> l.contains("'warned'") && !l.contains("sentinel")).toList();
        assertEquals(2, lines.size(), err);
        assertTrue(lines.get(0).contains("WARN CircuitBreaker - circuit of endpoint 'warned' opened: 10 of 10 requests failed"), err);
        assertTrue(lines.get(1).contains("circuit of endpoint 'warned' closed: the trial request succeeded"), err);
    }

    private static String capturingStderr(Runnable r) {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> bytes.toString(StandardCharsets.UTF_8).contains("sentinel"));
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
