package io.outpost.gateway.pipeline;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a run turns each verdict into what the exchange does, against a recording exchange. */
class PipelineRunTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final Recorder exchange = new Recorder(loop);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Records what the run asked of the exchange, and on which thread. */
    static final class Recorder implements PipelineRun.Host {
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final EventExecutor executor;
        volatile boolean awaiting = true;
        volatile boolean lastCallOnLoop;

        Recorder(EventExecutor executor) {
            this.executor = executor;
        }

        private void note(String call) {
            lastCallOnLoop = executor.inEventLoop();
            calls.add(call);
        }

        @Override public void proceed() { note("proceed"); }
        @Override public void refuse(Fault fault) { note("refuse " + fault.code()); }
        @Override public void respond(io.netty.handler.codec.http.HttpResponseStatus status,
                                      io.netty.handler.codec.http.HttpHeaders headers) { note("respond " + status.code()); }
        @Override public void holdBody(long maxBytes) { note("hold " + maxBytes); }
        @Override public void pauseReading(boolean paused) { note(paused ? "pause" : "resume"); }
        @Override public EventExecutor executor() { return executor; }
        @Override public boolean awaitsDecision() { return awaiting; }
    }

    private static ExchangeContext context() throws Exception {
        Route route = RouteTable.of(List.of(api("a", "/a", endpoint("http://b"), true, null, List.of(resource("GET", "/x")))))
                .routes().get(0);
        return new ExchangeContext(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a/x"),
                PathNormalizer.normalize("/a/x"), "127.0.0.1", "http", route, java.util.Map.of());
    }

    private PipelineRun run(Stage... stages) {
        try {
            return new PipelineRun(new RoutePipeline(List.of(stages), LocalReplies.WSO2_FAULTS), context(), exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stagesThatContinueLeadToTheProxyInOrder() throws Exception {
        List<String> seen = new ArrayList<>();
        run(cx -> { seen.add("first"); return Verdict.CONTINUE; }, cx -> { seen.add("second"); return Verdict.CONTINUE; }).start();
        assertEquals(List.of("first", "second"), seen);
        assertEquals(List.of("proceed"), exchange.calls);
    }

    @Test
    void aRefusalStopsTheRunBeforeLaterStages() throws Exception {
        List<String> seen = new ArrayList<>();
        run(cx -> new Verdict.Refuse(Faults.notFound()), cx -> { seen.add("later"); return Verdict.CONTINUE; }).start();
        assertEquals(List.of("refuse 404"), exchange.calls);
        assertTrue(seen.isEmpty());
    }

    @Test
    void aStageThatThrowsRefusesWith500NeverLetsThrough() throws Exception {
        run(cx -> { throw new IllegalStateException("broken stage"); }).start();
        assertEquals(List.of("refuse 101500"), exchange.calls);
    }

    @Test
    void aHeldBodyIsShownToTheSameStageThenTheRunGoesOn() throws Exception {
        List<String> bodies = new ArrayList<>();
        Stage holding = new Stage() {
            @Override public Verdict onHead(ExchangeContext cx) { return new Verdict.HoldBody(10); }
            @Override public Verdict onBody(ExchangeContext cx, ByteBuf body) {
                bodies.add(body.toString(StandardCharsets.UTF_8));
                return Verdict.CONTINUE;
            }
        };
        PipelineRun run = run(holding, cx -> Verdict.CONTINUE);
        run.start();
        assertEquals(List.of("hold 10"), exchange.calls);
        run.bodyComplete(Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8));
        assertEquals(List.of("abc"), bodies);
        assertEquals(List.of("hold 10", "proceed"), exchange.calls);
    }

    @Test
    void holdingTwiceIsAStageErrorAndRefuses() throws Exception {
        Stage again = new Stage() {
            @Override public Verdict onHead(ExchangeContext cx) { return new Verdict.HoldBody(10); }
            @Override public Verdict onBody(ExchangeContext cx, ByteBuf body) { return new Verdict.HoldBody(10); }
        };
        PipelineRun run = run(again);
        run.start();
        run.bodyComplete(Unpooled.EMPTY_BUFFER);
        assertEquals(List.of("hold 10", "refuse 101500"), exchange.calls);
    }

    @Test
    void aPendingAnswerPausesReadingAndResumesOnTheExchangesLoop() throws Exception {
        CompletableFuture<Verdict> answer = new CompletableFuture<>();
        loop.submit(() -> run(cx -> new Verdict.Pending(answer, Duration.ofSeconds(5))).start()).get();
        assertEquals(List.of("pause"), exchange.calls);
        new Thread(() -> answer.complete(Verdict.CONTINUE)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.calls.size() == 3);
        assertEquals(List.of("pause", "resume", "proceed"), exchange.calls);
        assertTrue(exchange.lastCallOnLoop, "resumed on the exchange's event loop");
    }

    @Test
    void aPendingAnswerThatNeverComesIsA503() throws Exception {
        loop.submit(() -> run(cx -> new Verdict.Pending(new CompletableFuture<>(), Duration.ofMillis(50))).start()).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.calls.size() == 3);
        assertEquals(List.of("pause", "resume", "refuse 101503"), exchange.calls);
    }

    @Test
    void anAnswerForAnExchangeThatNoLongerWaitsIsDropped() throws Exception {
        CompletableFuture<Verdict> answer = new CompletableFuture<>();
        loop.submit(() -> run(cx -> new Verdict.Pending(answer, Duration.ofSeconds(5))).start()).get();
        exchange.awaiting = false; // the client went away
        answer.complete(Verdict.CONTINUE);
        loop.submit(() -> { }).get(); // the resume task ran before this one
        assertEquals(List.of("pause"), exchange.calls);
    }

    @Test
    void aPendingWorksResultIsDecidedOnTheLoopWhereTheStageMayWriteTheContext() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        List<Boolean> decidedOnLoop = java.util.Collections.synchronizedList(new ArrayList<>());
        loop.submit(() -> run(cx -> Verdict.Pending.then(work, Duration.ofSeconds(5), result -> {
            decidedOnLoop.add(loop.inEventLoop());
            return result.equals("yes") ? Verdict.CONTINUE : new Verdict.Refuse(Faults.invalidCredentials());
        })).start()).get();
        new Thread(() -> work.complete("no")).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.calls.size() == 3);
        assertEquals(List.of("pause", "resume", "refuse 900901"), exchange.calls);
        assertEquals(List.of(true), decidedOnLoop);
    }

    @Test
    void aSharedPendingWorkIsNotFailedForOthersWhenOneExchangeTimesOut() throws Exception {
        CompletableFuture<Verdict> shared = new CompletableFuture<>();
        loop.submit(() -> run(cx -> new Verdict.Pending(shared, Duration.ofMillis(30))).start()).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> exchange.calls.size() == 3);
        assertEquals("refuse 101503", exchange.calls.get(2));
        assertFalse(shared.isDone(), "the timeout ended this exchange's wait, not the shared work");
    }

    @Test
    void aStageMayAnswerItselfWithoutRefusing() throws Exception {
        run(cx -> new Verdict.Respond(io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT,
                new io.netty.handler.codec.http.DefaultHttpHeaders()), cx -> Verdict.CONTINUE).start();
        assertEquals(List.of("respond 204"), exchange.calls);
    }
}
