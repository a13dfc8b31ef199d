package io.outpost.gateway.pipeline;

import io.outpost.gateway.http.Faults.Fault;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A stage's one decision about a request (see docs/architecture.md, "Stages and verdicts"). Modelled on
 * Envoy's filter return codes (continue / stop / stop-and-buffer) and on routing's sealed
 * {@code RouteTable.Lookup}: the exchange acts on the verdict, the stage never touches the
 * connection.
 */
public sealed interface Verdict permits Verdict.Continue, Verdict.Refuse, Verdict.HoldBody, Verdict.Pending {

    /** Go on with the next stage, and at the end proxy. */
    Verdict CONTINUE = new Continue();

    /** The next stage decides. */
    record Continue() implements Verdict {}

    /** Answer with this fault, rendered by the route's local replies; the backend is never asked. */
    record Refuse(Fault fault) implements Verdict {}

    /**
     * Read the whole request body, up to {@code maxBytes} (more is refused with 413), then ask the
     * same stage again with {@link Stage#onBody}. For validation and body-reading interceptors.
     */
    record HoldBody(long maxBytes) implements Verdict {}

    /**
     * The answer comes later, from another thread (password hashing, a cached introspection call).
     * Reading from the client pauses meanwhile, and the exchange resumes on its own event loop. An
     * answer that does not come within {@code timeout} is a 503: a stage never leaves an exchange
     * hanging, and a secured resource never opens for lack of an answer.
     */
    record Pending(CompletionStage<Verdict> answer, Duration timeout) implements Verdict {}
}
