package io.outpost.gateway.pipeline;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.outpost.gateway.http.Faults.Fault;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A stage's one decision about a request (see docs/architecture.md, "Stages and verdicts"). Modelled on
 * Envoy's filter return codes (continue / stop / stop-and-buffer) and on routing's sealed
 * {@code RouteTable.Lookup}: the exchange acts on the verdict, the stage never touches the
 * connection.
 */
public sealed interface Verdict permits Verdict.Continue, Verdict.Refuse, Verdict.Respond, Verdict.HoldBody, Verdict.Pending {

    /** Go on with the next stage, and at the end proxy. */
    Verdict CONTINUE = new Continue();

    /** The next stage decides. */
    record Continue() implements Verdict {}

    /** Answer with this fault, rendered by the route's local replies; the backend is never asked. */
    record Refuse(Fault fault) implements Verdict {}

    /**
     * The gateway answers itself, and it is not a refusal: a CORS preflight. The response has no
     * body; the context's response headers are added to these. The backend is never asked.
     */
    record Respond(HttpResponseStatus status, HttpHeaders headers) implements Verdict {}

    /**
     * Read the whole request body, up to {@code maxBytes} (more is refused with 413), then ask the
     * same stage again with {@link Stage#onBody}. For validation and body-reading interceptors.
     */
    record HoldBody(long maxBytes) implements Verdict {}

    /**
     * The answer comes later, from another thread (password hashing, a cached introspection call).
     * Reading from the client pauses meanwhile. When {@code work} completes, {@code decide} turns
     * its result into the verdict <em>on the exchange's event loop</em>, so it may write to the
     * exchange's context (the identity a check found). An answer that does not come within
     * {@code timeout} is a 503: a stage never leaves an exchange hanging, and a secured resource
     * never opens for lack of an answer.
     */
    record Pending(CompletionStage<?> work, Duration timeout, Function<Object, Verdict> decide) implements Verdict {

        /** Work whose result is the verdict itself. */
        public Pending(CompletionStage<Verdict> answer, Duration timeout) {
            this(answer, timeout, result -> (Verdict) result);
        }

        /** Work off the event loop, then {@code decide} on it with the result. */
        @SuppressWarnings("unchecked")
        public static <T> Pending then(CompletionStage<T> work, Duration timeout, Function<? super T, Verdict> decide) {
            return new Pending(work, timeout, result -> decide.apply((T) result));
        }
    }
}
