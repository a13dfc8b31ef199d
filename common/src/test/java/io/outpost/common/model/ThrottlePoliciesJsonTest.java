package io.outpost.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.common.json.Json;
import io.outpost.common.model.ThrottlePolicies.Bandwidth;
import io.outpost.common.model.ThrottlePolicies.Burst;
import io.outpost.common.model.ThrottlePolicies.Condition;
import io.outpost.common.model.ThrottlePolicies.ConditionGroup;
import io.outpost.common.model.ThrottlePolicies.ConditionType;
import io.outpost.common.model.ThrottlePolicies.CustomPolicy;
import io.outpost.common.model.ThrottlePolicies.Tier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** policies.json as the gateway reads it back: artifacts built before issue 13 keep loading, new ones round-trip. */
class ThrottlePoliciesJsonTest {

    @Test
    void anArtifactBuiltBeforeTheNewKeysStillLoads() {
        // Byte for byte what the toolkit wrote before bandwidth, burst, condition groups and custom policies.
        String old = "{\"resourcePolicies\":[{\"name\":\"10kPerMin\",\"count\":10000,\"unitTime\":1,\"timeUnit\":\"min\"}],"
                + "\"applicationPolicies\":[],\"subscriptionPolicies\":[{\"name\":\"Gold\",\"count\":5000,\"unitTime\":1,"
                + "\"timeUnit\":\"min\",\"stopOnQuotaReach\":false}]}";
        ThrottlePolicies policies = Json.read(old.getBytes(StandardCharsets.UTF_8), ThrottlePolicies.class);
        Tier tier = policies.resourcePolicies().get(0);
        assertEquals(new Tier("10kPerMin", 10000, 1, "min", null), tier);
        assertEquals(60_000, tier.windowMillis());
        assertEquals(0, tier.bandwidthBytes());
        assertNull(tier.burst());
        assertEquals(List.of(), tier.conditionGroups());
        assertEquals(List.of(), policies.customPolicies());
        assertEquals(Boolean.FALSE, policies.subscriptionPolicies().get(0).stopOnQuotaReach());
    }

    @Test
    void aKeyAddedLaterIsIgnoredByThisReader() {
        String newer = "{\"resourcePolicies\":[{\"name\":\"T\",\"count\":1,\"unitTime\":1,\"timeUnit\":\"sec\",\"someday\":{\"x\":1}}],\"later\":[]}";
        assertEquals(1L, Json.read(newer.getBytes(StandardCharsets.UTF_8), ThrottlePolicies.class).resourcePolicies().get(0).count());
    }

    @Test
    void everyNewKeyRoundTripsAndHelpersAreNotWritten() {
        ConditionGroup group = new ConditionGroup(List.of(new Condition(ConditionType.HEADER, "X-Tier", null, "^gold$", null, true),
                new Condition(ConditionType.IP_RANGE, null, null, null, "2001:db8::/32", false)), null, 2, "hour", new Bandwidth(5, "MB"));
        ThrottlePolicies policies = new ThrottlePolicies(
                List.of(new Tier("R", 3L, 1, "min", null, null, new Burst(1, "sec"), List.of(group))),
                List.of(new Tier("A", null, 1, "week", null, new Bandwidth(10, "KB"), null, null)),
                List.of(new Tier("S", 5, 1, "year", false)),
                List.of(new CustomPolicy("C", "$userId:$header:X-Tenant", 100L, 1, "month", null)));
        byte[] json = Json.bytes(policies);
        assertEquals(policies, Json.read(json, ThrottlePolicies.class));
        String text = new String(json, StandardCharsets.UTF_8);
        for (String helper : List.of("windowMillis", "bandwidthBytes", "bytes", "keyParts")) {
            assertFalse(text.contains(helper), helper + " is computed, not stored: " + text);
        }
        assertEquals(7L * 86_400_000, policies.applicationPolicies().get(0).windowMillis());
        assertEquals(10 * 1024, policies.applicationPolicies().get(0).bandwidthBytes());
        assertEquals(30L * 86_400_000, policies.customPolicies().get(0).windowMillis());
        assertEquals(365L * 86_400_000, policies.subscriptionPolicies().get(0).windowMillis());
        assertEquals(5L << 20, group.bandwidthBytes());
        assertEquals(List.of(new KeyTemplate.Part(KeyTemplate.Variable.USER_ID, null),
                new KeyTemplate.Part(KeyTemplate.Variable.HEADER, "X-Tenant")), policies.customPolicies().get(0).keyParts());
    }

    @Test
    void keyTemplatesNameTheirMistake() {
        assertEquals(List.of(new KeyTemplate.Part(KeyTemplate.Variable.CLAIM, "http://wso2.org/claims/enduser"),
                new KeyTemplate.Part(KeyTemplate.Variable.API_CONTEXT, null)), KeyTemplate.parse("$claim:http://wso2.org/claims/enduser:$apiContext"));
        assertEquals("'$user' is not a key variable", assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("$user")).getMessage());
        assertEquals("'$appId:x': $appId takes no name", assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("$appId:x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse("userId"));
        assertThrows(IllegalArgumentException.class, () -> ThrottlePolicies.windowMillis(1, "fortnight"));
    }
}
