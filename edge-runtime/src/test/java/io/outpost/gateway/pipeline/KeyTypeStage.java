package io.outpost.gateway.pipeline;

import io.outpost.gateway.routing.Route;
import java.util.List;
import java.util.Map;

/**
 * Test-only: what a security stage will do with a key type, from a header: {@code X-Key-Type:
 * SANDBOX} sends the request to the route's sandbox endpoint and records the identity it found.
 */
final class KeyTypeStage implements Stage {
    static Stage forRoute(Route route) {
        return route.sandbox() == null ? null : new KeyTypeStage();
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        if ("SANDBOX".equals(exchange.request().headers().get("X-Key-Type"))) {
            exchange.identity(new Identity("tester", "app-1", "test app", "Unlimited", "Gold", "SANDBOX", List.of(), Map.of()));
            exchange.endpoints(EndpointSet.SANDBOX);
        }
        return Verdict.CONTINUE;
    }
}
