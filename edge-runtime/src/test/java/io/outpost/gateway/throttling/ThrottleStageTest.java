package io.outpost.gateway.throttling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Bandwidth;
import io.outpost.common.model.ThrottlePolicies.Condition;
import io.outpost.common.model.ThrottlePolicies.ConditionGroup;
import io.outpost.common.model.ThrottlePolicies.ConditionType;
import io.outpost.common.model.ThrottlePolicies.CustomPolicy;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.throttling.counting.CounterRegistry;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The throttling stage on real counters with a clock of the test's: each level and its code, both
 * levels binding, nothing consumed by a refusal, stopOnQuotaReach: false, bandwidth told by the
 * meter, each condition type, custom keys, /64 keys and the window rolling.
 */
class ThrottleStageTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L - 1_700_000_000_000L % 3_600_000L);
    private final CounterRegistry registry = new CounterRegistry(1_000, now::get);
    private final ThrottleMetrics metrics = new ThrottleMetrics(new PrometheusRegistry());

    private static Tier tier(String name, long count) {
        return new Tier(name, count, 1, "hour", null);
    }

    private static RouteTable routes(String apiTier, String resourceTier, boolean secured) {
        EndpointConfig backend = new EndpointConfig(null, null, List.of("http://b"), null, null);
        Resource a = new Resource("/a", "GET", null, null, null, resourceTier, null, null, List.of(), null, null, null, null, null, null);
        Resource b = new Resource("/b", "GET", null, null, null, null, null, null, List.of(), null, null, null, null, null, null);
        return RouteTable.of(List.of(new ApiDefinition("Shop", "1.0.0", "/shop/v1", "s.yaml", backend, null, null, apiTier,
                secured ? null : Boolean.TRUE, null, null, null, null, null, null, null, null, null, List.of(a, b))));
    }

    private Stage stage(ThrottlePolicies policies, Route route) {
        return new ThrottlePlanner(policies, registry, metrics, true).forRoute(route);
    }

    private static ExchangeContext exchange(Route route, String client, Identity identity, String... headers) {
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/shop/v1/a?plan=free-trial");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        ExchangeContext exchange;
        try {
            exchange = new ExchangeContext(request, PathNormalizer.normalize("/shop/v1/a?plan=free-trial"), client, "http",
                    route, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        exchange.identity(identity);
        return exchange;
    }

    private static Identity user(String subject, String app, String appTier, String subTier, Map<String, Object> claims) {
        return new Identity(subject, app, app, appTier, subTier, "PRODUCTION", List.of(), claims);
    }

    private static int refusedCode(Verdict verdict) {
        return assertInstanceOf(Verdict.Refuse.class, verdict).fault().code();
    }

    @Test
    void apiAndResourceTiersBothBindAndARefusalConsumesNothing() {
        ThrottlePolicies policies = new ThrottlePolicies(List.of(tier("Api5", 5), tier("Res2", 2)), null, null);
        RouteTable routes = routes("Api5", "Res2", false);
        Stage a = stage(policies, routes.routes().get(0));
        Stage b = stage(policies, routes.routes().get(1));
        assertSame(Verdict.CONTINUE, a.onHead(exchange(routes.routes().get(0), "192.0.2.1", null)));
        assertSame(Verdict.CONTINUE, a.onHead(exchange(routes.routes().get(0), "192.0.2.1", null)));
        ExchangeContext third = exchange(routes.routes().get(0), "192.0.2.1", null);
        assertEquals(900802, refusedCode(a.onHead(third)));
        assertTrue(third.responseHeaders().containsAll(List.of("RateLimit-Policy", "\"resource\";q=2;w=3600", "Retry-After")),
                third.responseHeaders().toString());
        ExchangeRecord record = third.record().outcome(Outcome.COMPLETED).build();
        assertEquals("resource", record.throttleLevel());
        assertEquals("Res2", record.throttleTier());
        assertEquals(Boolean.FALSE, record.throttlePassed());
        // The refused request gave the API's count back: 3 of its 5 are left for the other resource.
        for (int i = 0; i < 3; i++) {
            assertSame(Verdict.CONTINUE, b.onHead(exchange(routes.routes().get(1), "192.0.2.9", null)), "b " + i);
        }
        assertEquals(900800, refusedCode(b.onHead(exchange(routes.routes().get(1), "192.0.2.9", null))));
        // A new window starts afresh.
        now.addAndGet(3_600_000);
        assertSame(Verdict.CONTINUE, a.onHead(exchange(routes.routes().get(0), "192.0.2.1", null)));
        assertEquals(1, metrics.get(ThrottleLevel.API, ThrottleMetrics.REFUSED));
        assertEquals(1, metrics.get(ThrottleLevel.RESOURCE, ThrottleMetrics.REFUSED));
    }

    @Test
    void subscriptionApplicationAndUnauthenticatedTiersKeyedAsWso2Does() {
        Tier lenient = new Tier("Lenient", 1L, 1, "hour", false, null, null, null);
        ThrottlePolicies policies = new ThrottlePolicies(null, List.of(tier("App2", 2)),
                List.of(tier("Bronze", 1), lenient, tier("Unauthenticated", 1)));
        RouteTable secured = routes(null, null, true);
        Stage stage = stage(policies, secured.routes().get(0));
        Route route = secured.routes().get(0);
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("u", "app-1", null, "Bronze", Map.of()))));
        assertEquals(900804, refusedCode(stage.onHead(exchange(route, "192.0.2.1", user("u2", "app-1", null, "Bronze", Map.of())))),
                "the subscription is the application's, whoever the user");
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("u", "app-2", null, "Bronze", Map.of()))));
        // Application tier: per application and user.
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("v", "app-3", "App2", null, Map.of()))));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("v", "app-3", "App2", null, Map.of()))));
        assertEquals(900803, refusedCode(stage.onHead(exchange(route, "192.0.2.1", user("v", "app-3", "App2", null, Map.of())))));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("w", "app-3", "App2", null, Map.of()))));
        // stopOnQuotaReach: false lets the second through, marked.
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", user("x", "app-4", null, "Lenient", Map.of()))));
        ExchangeContext over = exchange(route, "192.0.2.1", user("x", "app-4", null, "Lenient", Map.of()));
        assertSame(Verdict.CONTINUE, stage.onHead(over));
        assertEquals(Boolean.FALSE, over.record().outcome(Outcome.COMPLETED).build().throttlePassed());
        assertEquals(1, metrics.get(ThrottleLevel.SUBSCRIPTION, ThrottleMetrics.OVER_QUOTA));

        RouteTable open = routes(null, null, false);
        Stage anonymous = stage(policies, open.routes().get(0));
        Route openRoute = open.routes().get(0);
        assertSame(Verdict.CONTINUE, anonymous.onHead(exchange(openRoute, "2001:db8:1:2::1", null)));
        assertEquals(900804, refusedCode(anonymous.onHead(exchange(openRoute, "2001:db8:1:2:ffff::9", null))), "same /64");
        assertSame(Verdict.CONTINUE, anonymous.onHead(exchange(openRoute, "2001:db8:1:3::1", null)));
        assertSame(Verdict.CONTINUE, anonymous.onHead(exchange(openRoute, "::ffff:192.0.2.7", null)));
        assertEquals(900804, refusedCode(anonymous.onHead(exchange(openRoute, "192.0.2.7", null))), "a mapped IPv4 client is the IPv4 one");
    }

    @Test
    void eachConditionTypeSelectsItsGroupAndInvertNegatesIt() {
        List<ConditionGroup> groups = List.of(
                new ConditionGroup(List.of(new Condition(ConditionType.HEADER, "X-Plan", null, "^gold", null, false)), 1L, 1, "hour", null),
                new ConditionGroup(List.of(new Condition(ConditionType.IP_RANGE, null, null, null, "10.0.0.0/8", false)), 1L, 1, "hour", null),
                new ConditionGroup(List.of(new Condition(ConditionType.QUERY_PARAMETER, "plan", "free-trial", null, null, false),
                        new Condition(ConditionType.IP, null, null, null, "192.0.2.50", true)), 1L, 1, "hour", null),
                new ConditionGroup(List.of(new Condition(ConditionType.JWT_CLAIM, "groups", "partners", null, null, false)), 1L, 1, "hour", null));
        Tier conditional = new Tier("Cond", 100L, 1, "hour", null, null, null, groups);
        RouteTable routes = routes(null, "Cond", false);
        Route route = routes.routes().get(0);
        Stage stage = stage(new ThrottlePolicies(List.of(conditional), null, null), route);
        // The query group matches every request of this test (plan=free-trial) unless it comes from 192.0.2.50.
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.50", null, "X-Plan", "gold-1")));
        assertEquals(900802, refusedCode(stage.onHead(exchange(route, "192.0.2.50", null, "X-Plan", "golden"))), "header regex group spent");
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.50", null, "X-Plan", "silver")), "the tier's own 100");
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", null)), "query group (not from .50)");
        assertEquals(900802, refusedCode(stage.onHead(exchange(route, "192.0.2.2", null))), "query group spent");
        assertEquals(900802, refusedCode(stage.onHead(exchange(route, "10.1.2.3", null))),
                "in the range, but also in the spent query group: refused if any matching group is spent");
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.50", null, "X-Nothing", "1")), "no group from .50");
        Identity partner = user("p", "app", null, null, Map.of("groups", List.of("staff", "partners")));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.50", partner)));
        assertEquals(900802, refusedCode(stage.onHead(exchange(route, "192.0.2.50", partner))), "claim group spent");
    }

    @Test
    void customPoliciesCountPerKeyValueAndSkipRequestsLackingOne() {
        ThrottlePolicies policies = new ThrottlePolicies(null, null, null,
                List.of(new CustomPolicy("PerTenantUser", "$header:X-Tenant:$userId", 1L, 1, "hour", null)));
        RouteTable routes = routes(null, null, true);
        Route route = routes.routes().get(0);
        Stage stage = stage(policies, route);
        Identity alice = user("alice", "app", null, null, Map.of());
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", alice, "X-Tenant", "t1")));
        assertEquals(900806, refusedCode(stage.onHead(exchange(route, "192.0.2.1", alice, "X-Tenant", "t1"))));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", alice, "X-Tenant", "t2")));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", alice)), "no tenant: not counted");
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", alice)));
    }

    @Test
    void aBandwidthQuotaIsToldTheBytesAndRefusesOnceCrossed() {
        Tier bytes = new Tier("Bytes", null, 1, "hour", null, new Bandwidth(1, "KB"), null, null);
        RouteTable routes = routes(null, "Bytes", false);
        Route route = routes.routes().get(0);
        Stage stage = stage(new ThrottlePolicies(List.of(bytes), null, null), route);
        ExchangeContext first = exchange(route, "192.0.2.1", null);
        assertSame(Verdict.CONTINUE, stage.onHead(first));
        first.meter().bytes(600);
        first.meter().bytes(600); // crosses 1024 while streaming: this exchange completes
        ExchangeContext second = exchange(route, "192.0.2.1", null);
        assertEquals(900802, refusedCode(stage.onHead(second)));
        assertTrue(second.responseHeaders().contains("\"resource\";q=1024;w=3600;qu=\"content-bytes\""), second.responseHeaders().toString());
    }

    @Test
    void burstControlRefusesWithWso2sBurstCode() {
        Tier spiky = new Tier("Spiky", 100L, 1, "hour", null, null, new ThrottlePolicies.Burst(2, "sec"), null);
        RouteTable routes = routes(null, "Spiky", false);
        Route route = routes.routes().get(0);
        Stage stage = stage(new ThrottlePolicies(List.of(spiky), null, null), route);
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", null)));
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", null)));
        assertEquals(900807, refusedCode(stage.onHead(exchange(route, "192.0.2.1", null))), "a third at the same instant");
        now.addAndGet(500); // one more is allowed every half second
        assertSame(Verdict.CONTINUE, stage.onHead(exchange(route, "192.0.2.1", null)));
    }

    @Test
    void noTierNoStageAndUnlimitedLimitsNothing() {
        RouteTable routes = routes("Unlimited", null, true);
        assertNull(stage(new ThrottlePolicies(null, null, null), routes.routes().get(0)));
        assertNull(stage(new ThrottlePolicies(List.of(tier("Unlimited", 1)), null, List.of(tier("Unlimited", 1))),
                routes.routes().get(0)));
    }

    @Test
    void clientKeys() {
        assertEquals("192.0.2.1", ClientKeys.of("192.0.2.1"));
        assertEquals("2001:db8:0:1::/64", ClientKeys.of("2001:db8:0:1:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:0:1::/64", ClientKeys.of("2001:db8::1:0:0:0:1"));
        assertEquals("192.0.2.1", ClientKeys.of("::ffff:192.0.2.1"));
    }
}
