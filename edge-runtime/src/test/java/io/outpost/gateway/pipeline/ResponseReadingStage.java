package io.outpost.gateway.pipeline;

import io.outpost.gateway.routing.Route;

/**
 * Test-only: stands for a response validator or interceptor on resources named {@code /decoded}:
 * it needs the response decoded, so the route gets no raw-bytes path. Decides nothing on the request.
 */
final class ResponseReadingStage implements Stage {
    static Stage forRoute(Route route) {
        return route.resource().path().equals("/decoded") ? new ResponseReadingStage() : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return Verdict.CONTINUE;
    }

    @Override
    public boolean readsResponse() {
        return true;
    }
}
