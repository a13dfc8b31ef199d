package io.outpost.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one route's stages for one exchange and turns each verdict into what the exchange does
 * next. Everything here runs on the exchange's event loop; a pending answer is brought back to it.
 * A stage that throws refuses the request (500): a secured resource fails closed.
 */
public final class PipelineRun {
    private static final Logger log = LoggerFactory.getLogger(PipelineRun.class);

    /** What the run asks of the exchange it decides for. */
    public interface Host {
        /** Every stage went on: proxy the request. */
        void proceed();

        /** A stage refused: answer with the fault. */
        void refuse(Fault fault);

        /** A stage answered itself without refusing (a CORS preflight). */
        void respond(io.netty.handler.codec.http.HttpResponseStatus status, io.netty.handler.codec.http.HttpHeaders headers);

        /** Read the body, up to maxBytes, and call {@link #bodyComplete} when it is all there. */
        void holdBody(long maxBytes);

        /** Stop (true) or resume (false) reading from the client while a stage's answer is pending. */
        void pauseReading(boolean paused);

        EventExecutor executor();

        /** Whether the exchange still waits for this run (the client may have gone). */
        boolean awaitsDecision();
    }

    private final List<Stage> stages;
    private final ExchangeContext context;
    private final Host exchange;
    private int next;
    /** The stage that asked to see the body, until it has. */
    private Stage holding;

    public PipelineRun(RoutePipeline pipeline, ExchangeContext context, Host exchange) {
        this.stages = pipeline.stages();
        this.context = context;
        this.exchange = exchange;
    }

    public void start() {
        advance();
    }

    /** The body a stage held for is complete: ask it again. */
    public void bodyComplete(ByteBuf body) {
        Stage stage = holding;
        holding = null;
        Verdict verdict;
        try {
            verdict = stage.onBody(context, body);
        } catch (RuntimeException e) {
            verdict = failed(stage, e);
        }
        if (verdict instanceof Verdict.HoldBody) {
            verdict = failed(stage, new IllegalStateException("HoldBody answered on the body"));
        }
        if (apply(stage, verdict)) {
            advance();
        }
    }

    private void advance() {
        while (next < stages.size()) {
            Stage stage = stages.get(next++);
            Verdict verdict;
            try {
                verdict = stage.onHead(context);
            } catch (RuntimeException e) {
                verdict = failed(stage, e);
            }
            if (!apply(stage, verdict)) {
                return;
            }
        }
        exchange.proceed();
    }

    /** @return whether the next stage decides now */
    private boolean apply(Stage stage, Verdict verdict) {
        if (verdict instanceof Verdict.Continue) {
            return true;
        }
        if (verdict instanceof Verdict.Refuse refuse) {
            exchange.refuse(refuse.fault());
        } else if (verdict instanceof Verdict.Respond respond) {
            exchange.respond(respond.status(), respond.headers());
        } else if (verdict instanceof Verdict.HoldBody hold) {
            holding = stage;
            exchange.holdBody(hold.maxBytes());
        } else if (verdict instanceof Verdict.Pending pending) {
            exchange.pauseReading(true);
            // a copy: the work may be shared by several exchanges (one hash check for concurrent requests)
            pending.work().toCompletableFuture().copy().orTimeout(pending.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .whenComplete((result, error) -> exchange.executor().execute(() -> resume(stage, pending, result, error)));
        }
        return false;
    }

    private void resume(Stage stage, Verdict.Pending pending, Object result, Throwable error) {
        if (!exchange.awaitsDecision()) {
            return; // the client went away meanwhile
        }
        exchange.pauseReading(false);
        Verdict verdict;
        if (error != null) {
            verdict = error instanceof TimeoutException || error.getCause() instanceof TimeoutException
                    ? new Verdict.Refuse(Faults.decisionTimeout()) : failed(stage, error);
        } else {
            try {
                verdict = pending.decide().apply(result);
            } catch (RuntimeException e) {
                verdict = failed(stage, e);
            }
            if (verdict == null) {
                verdict = failed(stage, new IllegalStateException("null verdict"));
            }
        }
        if (apply(stage, verdict)) {
            advance();
        }
    }

    /**
     * The stage's failure refuses the request. Its stack trace is logged the first time a stage class
     * fails, then one line per failure: a request that makes a stage throw every time must not
     * flood the log with traces (and what the trace shows is the same each time).
     */
    private static Verdict failed(Stage stage, Throwable e) {
        if (TRACED.add(stage.getClass())) {
            log.error("stage {} failed; refusing the request (later failures of this stage are logged without the trace)",
                    stage.getClass().getSimpleName(), e);
        } else {
            log.error("stage {} failed; refusing the request: {}", stage.getClass().getSimpleName(), e.toString());
        }
        return new Verdict.Refuse(Faults.internalError());
    }

    private static final java.util.Set<Class<?>> TRACED = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
