package io.outpost.gateway.throttling.blocking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.bundle.content.Blocking;
import io.outpost.common.bundle.content.IpRange;
import io.outpost.gateway.throttling.blocking.BlockingConditions.Kind;
import io.outpost.gateway.updates.AppliedUpdates;
import io.outpost.gateway.updates.Bundles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code blocking} bundle installed as the sync agent installs it: applied on the next poll, added
 * to gateway.yaml's conditions, replaced whole by the next one; a malformed one refused and the
 * applied one kept.
 */
class BlockingBundleTest {
    @TempDir
    Path state;

    private static final BlockingSettings YAML = new BlockingSettings(
            new Blocking(List.of(IpRange.parse("192.0.2.7")), List.of(), List.of(), List.of()));

    @Test
    void aBundleAddsToGatewayYamlAndEachNewOneReplacesTheLast() throws Exception {
        Bundles bundles = new Bundles(state);
        AtomicInteger generations = new AtomicInteger();
        try (AppliedUpdates updates = new AppliedUpdates(bundles.store(), bundles.publicKey()).load()) {
            assertEquals(Blocking.NONE, updates.contents().blocking());
            assertEquals(Kind.IP, BlockingConditions.from(YAML, updates).match("192.0.2.7", null));
            updates.watch(50, generations::incrementAndGet);

            bundles.install("blocking", 1, "{'ips': ['2001:db8:bad::/48'], 'users': ['mallory']}");
            await().atMost(Duration.ofSeconds(10)).until(() -> generations.get() >= 1);
            BlockingConditions first = BlockingConditions.from(YAML, updates);
            assertEquals(Kind.IP, first.match("192.0.2.7", null), "gateway.yaml's condition stays");
            assertEquals(Kind.IP, first.match("2001:db8:bad::1", null));

            bundles.install("blocking", 2, "{'ips': ['192.0.2.7']}");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.snapshot().get("blocking").sequence() == 2);
            BlockingConditions second = BlockingConditions.from(YAML, updates);
            assertNull(second.match("2001:db8:bad::1", null), "a bundle is a full snapshot: the IPv6 network is gone");
            assertEquals(Kind.IP, second.match("192.0.2.7", null));

            bundles.install("blocking", 3, "{'ips': ['gateway.example.com'], 'apis': ['petstore']}");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.snapshot().get("blocking").lastRejection() != null);
            String rejection = updates.snapshot().get("blocking").lastRejection();
            assertTrue(rejection.contains("blocking content: ips[0]: 'gateway.example.com' is not an IP address"), rejection);
            assertTrue(rejection.contains("apis[0]: 'petstore' must be an API's context"), rejection);
            assertEquals(2, updates.snapshot().get("blocking").sequence(), "the applied bundle stays");
        }
    }
}
