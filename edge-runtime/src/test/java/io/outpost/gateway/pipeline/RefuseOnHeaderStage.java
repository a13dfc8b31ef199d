package io.outpost.gateway.pipeline;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.routing.Route;

/** Test-only: refuses a request that carries {@code X-Refuse-Me} (403), on every route. */
final class RefuseOnHeaderStage implements Stage {
    static Stage forRoute(Route route) {
        return new RefuseOnHeaderStage();
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return exchange.request().headers().contains("X-Refuse-Me")
                ? new Verdict.Refuse(new Faults.Fault(io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN, 900908,
                        "Refused by test stage", "The request carried X-Refuse-Me."))
                : Verdict.CONTINUE;
    }
}
