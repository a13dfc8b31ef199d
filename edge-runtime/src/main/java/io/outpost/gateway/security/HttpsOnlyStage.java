package io.outpost.gateway.security;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;

/**
 * {@code x-wso2-transports: [https]}: the resource is not served over plain HTTP (403 / 900906).
 * Compiled only for routes that exclude plain HTTP.
 */
public final class HttpsOnlyStage implements Stage {
    private static final Verdict REFUSAL = new Verdict.Refuse(Faults.httpsOnly());
    private static final HttpsOnlyStage INSTANCE = new HttpsOnlyStage();

    private HttpsOnlyStage() {}

    /** The stage for a route that excludes plain HTTP, or null. */
    public static Stage forRoute(Route route) {
        return route.policy().allowsPlainHttp() ? null : INSTANCE;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return exchange.scheme().equals("http") ? REFUSAL : Verdict.CONTINUE;
    }
}
