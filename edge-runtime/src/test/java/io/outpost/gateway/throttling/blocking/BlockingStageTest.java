package io.outpost.gateway.throttling.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.bundle.content.Blocking;
import io.outpost.common.bundle.content.IpRange;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.PathNormalizer;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of condition refuses with 403 / 900805 and says why in the journal record; nothing configured costs nothing. */
class BlockingStageTest {
    private static final RouteTable ROUTES = routes();
    private static final Route PETSTORE = ROUTES.routes().get(0);
    private static final Route ORDERS = ROUTES.routes().get(1);

    private static RouteTable routes() {
        EndpointConfig backend = new EndpointConfig(null, null, List.of("http://b"), null, null);
        Resource get = new Resource("/x", "GET", null, null, null, null, null, null, List.of(), null, null, null, null, null, null);
        return RouteTable.of(List.of(
                new ApiDefinition("PetStore", "1.0.0", "/petstore/v1", "p.yaml", backend, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, List.of(get)),
                new ApiDefinition("Orders", "2.1", "/orders/2.1", "o.yaml", backend, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, List.of(get))));
    }

    private static BlockingConditions conditions(List<String> ips, List<String> apps, List<String> users, List<String> apis) {
        return BlockingConditions.of(new Blocking(ips.stream().map(IpRange::parse).toList(), apps, users,
                apis.stream().map(Blocking::api).toList()), Blocking.NONE);
    }

    private static Identity identity(String subject, String appId, String appName, String owner) {
        Map<String, Object> claims = owner == null ? Map.of() : Map.of("application", Map.of("owner", owner, "name", appName));
        return new Identity(subject, appId, appName, "Unlimited", null, "PRODUCTION", List.of(), claims);
    }

    /** The stage's verdict for a request from {@code client} by {@code who}; the record it left in {@code record}. */
    private static Verdict decide(BlockingConditions c, Route route, String client, Identity who, ExchangeRecord[] record) {
        ExchangeContext exchange = new ExchangeContext(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x"),
                path(), client, "http", route, Map.of());
        // As the pipeline runs them: address and API conditions, authentication, then application and user ones.
        Stage before = BlockingStage.beforeAuthentication(c).forRoute(route);
        Verdict v = before == null ? Verdict.CONTINUE : before.onHead(exchange);
        exchange.identity(who);
        Stage after = BlockingStage.afterAuthentication(c).forRoute(route);
        if (v == Verdict.CONTINUE && after != null) {
            v = after.onHead(exchange);
        }
        record[0] = exchange.record().outcome(Outcome.COMPLETED).build();
        return v;
    }

    private static io.outpost.gateway.routing.RequestPath path() {
        try {
            return PathNormalizer.normalize("/petstore/v1/x");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertBlocked(String kind, Verdict v, ExchangeRecord record) {
        Verdict.Refuse refuse = assertInstanceOf(Verdict.Refuse.class, v);
        assertEquals(403, refuse.fault().status().code());
        assertEquals(900805, refuse.fault().code());
        assertEquals("Message blocked", refuse.fault().message());
        assertEquals("You have been blocked from accessing the resource", refuse.fault().description());
        assertEquals("blocked", record.throttleLevel());
        assertEquals(kind, record.throttleTier());
        assertEquals(Boolean.FALSE, record.throttlePassed());
    }

    private static void assertPasses(Verdict v, ExchangeRecord record) {
        assertSame(Verdict.CONTINUE, v);
        assertNull(record.throttleLevel(), "a request not blocked leaves throttling's fields to the quotas");
    }

    @Test
    void noConditionsNoStage() {
        for (BlockingConditions none : List.of(BlockingConditions.NONE, BlockingConditions.of(Blocking.NONE, Blocking.NONE))) {
            assertNull(BlockingStage.beforeAuthentication(none).forRoute(PETSTORE));
            assertNull(BlockingStage.afterAuthentication(none).forRoute(PETSTORE));
        }
        BlockingConditions apiOnly = conditions(List.of(), List.of(), List.of(), List.of("/orders/2.1"));
        assertNull(BlockingStage.beforeAuthentication(apiOnly).forRoute(PETSTORE), "an API condition is decided per route, once");
        assertNull(BlockingStage.afterAuthentication(apiOnly).forRoute(PETSTORE));
        assertNotNull(BlockingStage.beforeAuthentication(apiOnly).forRoute(ORDERS));
        BlockingConditions usersOnly = conditions(List.of(), List.of(), List.of("mallory"), List.of());
        assertNull(BlockingStage.beforeAuthentication(usersOnly).forRoute(PETSTORE), "a user is known only after authentication");
        assertNotNull(BlockingStage.afterAuthentication(usersOnly).forRoute(PETSTORE));
    }

    @Test
    void addressesExactAndRangesIpv4AndIpv6() {
        BlockingConditions c = conditions(List.of("192.0.2.7", "198.51.100.0/24", "2001:db8:bad::/48"), List.of(), List.of(), List.of());
        ExchangeRecord[] r = new ExchangeRecord[1];
        assertBlocked("ip", decide(c, PETSTORE, "192.0.2.7", null, r), r[0]);
        assertBlocked("ip", decide(c, PETSTORE, "::ffff:198.51.100.200", null, r), r[0]);
        assertBlocked("ip", decide(c, PETSTORE, "2001:db8:bad:ffff::1", null, r), r[0]);
        assertBlocked("ip", decide(c, PETSTORE, "2001:0db8:0bad:0:0:0:0:1", identity("alice", "1", "App", null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "192.0.2.8", null, r), r[0]);
        assertPasses(decide(c, PETSTORE, "2001:db8:bae::1", null, r), r[0]);
        assertPasses(decide(c, PETSTORE, "unknown", null, r), r[0]);
    }

    @Test
    void applicationsByIdOrWso2OwnerAndName() {
        BlockingConditions c = conditions(List.of(), List.of("42", "admin:Scraper"), List.of(), List.of());
        ExchangeRecord[] r = new ExchangeRecord[1];
        assertBlocked("application", decide(c, PETSTORE, "10.0.0.1", identity("alice", "42", "Shop", "bob"), r), r[0]);
        assertBlocked("application", decide(c, PETSTORE, "10.0.0.1", identity("alice", "7", "Scraper", "admin"), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity("alice", "7", "Scraper", "carol"), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity("alice", "7", "Scraper", null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity("alice", null, null, null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", null, r), r[0]);
    }

    @Test
    void usersBySubjectTheSuperTenantEitherWay() {
        BlockingConditions c = conditions(List.of(), List.of(), List.of("mallory", "eve@carbon.super", "bob@acme.com"), List.of());
        ExchangeRecord[] r = new ExchangeRecord[1];
        assertBlocked("user", decide(c, PETSTORE, "10.0.0.1", identity("mallory", null, null, null), r), r[0]);
        assertBlocked("user", decide(c, PETSTORE, "10.0.0.1", identity("mallory@carbon.super", null, null, null), r), r[0]);
        assertBlocked("user", decide(c, PETSTORE, "10.0.0.1", identity("eve", null, null, null), r), r[0]);
        assertBlocked("user", decide(c, PETSTORE, "10.0.0.1", identity("bob@acme.com", null, null, null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity("bob", null, null, null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity("Mallory", null, null, null), r), r[0]);
        assertPasses(decide(c, PETSTORE, "10.0.0.1", identity(null, "1", null, null), r), r[0]);
    }

    @Test
    void apisByContextOrNameAndVersionOnOpenRoutesToo() {
        ExchangeRecord[] r = new ExchangeRecord[1];
        BlockingConditions byContext = conditions(List.of(), List.of(), List.of(), List.of("/petstore/v1/"));
        assertBlocked("api", decide(byContext, PETSTORE, "10.0.0.1", null, r), r[0]);
        assertPasses(decide(byContext, ORDERS, "10.0.0.1", null, r), r[0]);
        BlockingConditions byName = conditions(List.of(), List.of(), List.of(), List.of("Orders:2.1"));
        assertBlocked("api", decide(byName, ORDERS, "10.0.0.1", identity("alice", "1", "A", null), r), r[0]);
        assertPasses(decide(byName, PETSTORE, "10.0.0.1", null, r), r[0]);
        assertFalse(byName.blocksApi(PETSTORE.api()));
    }

    @Test
    void theBundleAddsToTheBaselineAndCannotTakeFromIt() {
        Blocking yaml = new Blocking(List.of(IpRange.parse("192.0.2.7")), List.of(), List.of("mallory"), List.of());
        Blocking bundle = new Blocking(List.of(IpRange.parse("203.0.113.0/24")), List.of("42"), List.of(), List.of());
        BlockingConditions both = BlockingConditions.of(yaml, bundle);
        ExchangeRecord[] r = new ExchangeRecord[1];
        assertBlocked("ip", decide(both, PETSTORE, "192.0.2.7", null, r), r[0]);
        assertBlocked("ip", decide(both, PETSTORE, "203.0.113.9", null, r), r[0]);
        assertBlocked("user", decide(both, PETSTORE, "10.0.0.1", identity("mallory", null, null, null), r), r[0]);
        assertBlocked("application", decide(both, PETSTORE, "10.0.0.1", identity("alice", "42", "A", null), r), r[0]);
        BlockingConditions emptyBundle = BlockingConditions.of(yaml, Blocking.NONE);
        assertBlocked("ip", decide(emptyBundle, PETSTORE, "192.0.2.7", null, r), r[0]);
        assertPasses(decide(emptyBundle, PETSTORE, "203.0.113.9", null, r), r[0]);
    }
}
