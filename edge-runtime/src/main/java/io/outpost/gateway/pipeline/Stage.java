package io.outpost.gateway.pipeline;

import io.netty.buffer.ByteBuf;

/**
 * One request stage: CORS preflight, authentication, authorization, throttling, validation,
 * mediation. It decides with one method on the request head and, when it asked to hold the body,
 * once more on the whole body. A stage is compiled per route when an artifact loads (see
 * {@link StageFactory}); a route that needs no stage gets none and pays nothing. Stages run on the
 * exchange's event loop: they must not block (answer {@link Verdict.Pending} instead).
 */
public interface Stage {

    /** The decision on the request head. */
    Verdict onHead(ExchangeContext exchange);

    /**
     * The decision on the whole body, after this stage answered {@link Verdict.HoldBody}. The
     * buffer is only lent for the call: read it, don't keep it. May not answer HoldBody again.
     */
    default Verdict onBody(ExchangeContext exchange, ByteBuf body) {
        return Verdict.CONTINUE;
    }

    /**
     * Whether this stage needs the backend's response as decoded messages (response validation and
     * interceptors, later). A route with none passes responses in the common shape on as bytes.
     */
    default boolean readsResponse() {
        return false;
    }
}
