package io.outpost.gateway.pipeline;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.AuthenticationStage;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.SecuritySettings;
import io.outpost.gateway.security.HttpsOnlyStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling routes: each route gets the stages its factories make for it, in order, and nothing else. */
class GenerationTest {
    private static final List<StageFactory> ORDER = List.of(HttpsOnlyStage::forRoute,
            AuthenticationStage.factory(SecurityMaterial.failClosed(SecuritySettings.DEFAULT)));

    @Test
    void eachRouteGetsOnlyTheStagesItNeeds() {
        var open = api("open", "/open", endpoint("http://b"), true, null, List.of(
                resource("GET", "/plain"), resource("GET", "/tls", null, null, null, List.of("https"))));
        var secured = api("vault", "/vault", endpoint("http://b"), null, null, List.of(resource("GET", "/x")));
        Generation generation = Generation.compile(7, RouteTable.of(List.of(open, secured)), ORDER, LocalReplies.WSO2_FAULTS, null);

        List<Route> routes = generation.routes().routes();
        assertEquals(3, routes.size());
        assertTrue(generation.pipeline(routes.get(0)).isEmpty(), "an open route pays for no stage");
        List<Stage> tls = generation.pipeline(routes.get(1)).stages();
        assertEquals(1, tls.size());
        assertInstanceOf(HttpsOnlyStage.class, tls.get(0));
        List<Stage> vault = generation.pipeline(routes.get(2)).stages();
        assertEquals(1, vault.size());
        assertInstanceOf(AuthenticationStage.class, vault.get(0));
        assertEquals(7, generation.number());
    }

    @Test
    void aSwapServesNewExchangesFromTheNewGeneration() {
        var api = api("open", "/open", endpoint("http://b"), true, null, List.of(resource("GET", "/x")));
        Generations generations = new Generations(Generation.compile(1, RouteTable.of(List.of(api)), ORDER, LocalReplies.WSO2_FAULTS, null));
        Generation before = generations.current();
        Generation next = Generation.compile(2, RouteTable.of(List.of(api)), ORDER, LocalReplies.WSO2_FAULTS, null);
        assertEquals(before, generations.swap(next));
        assertEquals(2, generations.current().number());
    }
}
