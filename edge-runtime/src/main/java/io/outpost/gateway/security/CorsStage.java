package io.outpost.gateway.security;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;

/** {@code x-wso2-cors}. Placeholder: the lead fills it in. */
public final class CorsStage implements Stage {
    private CorsStage() {}

    public static Stage forRoute(Route route) {
        return null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return Verdict.CONTINUE;
    }
}
