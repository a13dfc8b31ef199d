package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.outpost.common.artifact.Artifacts;
import io.outpost.common.json.Json;
import io.outpost.common.model.KeyTemplate;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Condition;
import io.outpost.common.model.ThrottlePolicies.ConditionType;
import io.outpost.common.model.ThrottlePolicies.CustomPolicy;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.common.signing.Ed25519Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policies.yaml as issue 13 asks it: WSO2's own file unchanged, and every new key read into policies.json or refused at its line. */
class PoliciesReaderTest {
    private static final Ed25519Key KEY = Ed25519Key.generate();
    private static final String API = """
            openapi: 3.0.3
            info:
              title: Tiers
              version: 1.0.0
            x-wso2-basePath: /tiers
            x-wso2-production-endpoints:
              urls: [http://127.0.0.1:9/]
            x-wso2-throttling-tier: 15PerMin
            paths:
              /a:
                get:
                  x-wso2-throttling-tier: 3PerMin
                  responses:
                    "200":
                      description: ok
            """;

    @TempDir
    Path tmp;

    private Path project(String policies, String api) {
        Path dir = TestProjects.project(tmp.resolve("p"), "tiers", policies);
        TestProjects.write(dir.resolve("apis").resolve("api.yaml"), api);
        return dir;
    }

    private ThrottlePolicies built(Path project) throws Exception {
        Path artifact = tmp.resolve("out.outpost");
        Cli.Result build = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact, "--sign-key", TestProjects.keyFile(tmp, KEY));
        assertEquals(0, build.exitCode(), build::toString);
        assertFalse(build.err().contains("error:"), build::toString);
        return Json.read(TestProjects.verify(artifact, KEY).bytes(Artifacts.POLICIES), ThrottlePolicies.class);
    }

    private static Tier tier(List<Tier> tiers, String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + tiers));
    }

    @Test
    void wso2TestsPoliciesLoadUnchanged() throws Exception {
        Path wso2 = TestProjects.peerSamples().getParent().resolve("wso2-3.2.10-more").resolve("tests-policies.yaml");
        if (!Files.isRegularFile(wso2)) {
            fail("WSO2's tests-policies.yaml is missing: expected " + wso2.toAbsolutePath());
        }
        Path project = project(Files.readString(wso2), API);
        Cli.Result validate = Cli.run(tmp.resolve("home"), "validate", project);
        assertEquals(0, validate.exitCode(), validate::toString);
        assertFalse(validate.err().contains("policies.yaml"), "no error nor warning about WSO2's own file\n" + validate);

        ThrottlePolicies policies = built(project);
        assertEquals(List.of("50kPerMin", "20kPerMin", "10kPerMin", "3PerMin", "15PerMin"),
                policies.resourcePolicies().stream().map(Tier::name).toList());
        Tier allow = tier(policies.subscriptionPolicies(), "allowOnLimitExceed");
        assertEquals(Boolean.FALSE, allow.stopOnQuotaReach(), "stopOnQuota is WSO2's spelling of stopOnQuotaReach");
        assertEquals(10L, allow.count());
        assertEquals(60_000, allow.windowMillis());
        assertEquals(2147483647L, tier(policies.subscriptionPolicies(), "Unlimited").count());
        assertNull(tier(policies.subscriptionPolicies(), "Gold").stopOnQuotaReach());
    }

    @Test
    void everyNewKeyReachesTheArtifact() throws Exception {
        ThrottlePolicies policies = built(project("""
                resourcePolicies:
                  - 3PerMin:
                      count: 3
                      unitTime: 1
                      timeUnit: min
                      burst: {count: 1, timeUnit: sec}
                      conditionGroups:
                        - conditions:
                            - header: {name: X-Tier, equals: gold}
                            - ip: 192.0.2.7
                              invert: true
                          count: 100
                          unitTime: 1
                          timeUnit: min
                        - conditions:
                            - ipRange: 2001:db8::/32
                            - queryParameter: {name: debug, regex: "^(1|true)$"}
                            - jwtClaim: {name: "http://wso2.org/claims/tier", equals: 7}
                            - ipRange: 192.0.2.10-192.0.2.20
                          dataAmount: 5
                          dataUnit: MB
                          unitTime: 2
                          timeUnit: hour
                  - 15PerMin:
                      dataAmount: 1
                      dataUnit: GB
                      unitTime: 1
                      timeUnit: month
                applicationPolicies:
                  - Weekly:
                      count: 1000
                      dataAmount: 10
                      dataUnit: KB
                      unitTime: 2
                      timeUnit: week
                subscriptionPolicies:
                  - Yearly:
                      count: 5
                      unitTime: 1
                      timeUnit: year
                      stopOnQuota: false
                customPolicies:
                  - PerUserPerApi:
                      key: "$userId:$apiContext"
                      count: 100
                      unitTime: 1
                      timeUnit: day
                  - PerTenant:
                      key: "$header:X-Tenant:$claim:http://wso2.org/claims/enduser:$clientIp:$appId:$apiVersion"
                      dataAmount: 100
                      dataUnit: MB
                      unitTime: 1
                      timeUnit: hour
                """, API));
        Tier three = tier(policies.resourcePolicies(), "3PerMin");
        assertEquals(3L, three.count());
        assertEquals(0, three.bandwidthBytes(), "no bandwidth quota");
        assertEquals(new ThrottlePolicies.Burst(1, "sec"), three.burst());
        assertEquals(1_000, three.burst().windowMillis());
        assertEquals(2, three.conditionGroups().size());
        ThrottlePolicies.ConditionGroup first = three.conditionGroups().get(0);
        assertEquals(List.of(new Condition(ConditionType.HEADER, "X-Tier", "gold", null, null, false),
                new Condition(ConditionType.IP, null, null, null, "192.0.2.7", true)), first.conditions());
        assertEquals(100L, first.count());
        ThrottlePolicies.ConditionGroup second = three.conditionGroups().get(1);
        assertEquals(List.of(new Condition(ConditionType.IP_RANGE, null, null, null, "2001:db8::/32", false),
                new Condition(ConditionType.QUERY_PARAMETER, "debug", null, "^(1|true)$", null, false),
                new Condition(ConditionType.JWT_CLAIM, "http://wso2.org/claims/tier", "7", null, null, false),
                new Condition(ConditionType.IP_RANGE, null, null, null, "192.0.2.10-192.0.2.20", false)), second.conditions());
        assertNull(second.count(), "a bandwidth-only group");
        assertEquals(5L << 20, second.bandwidthBytes());
        assertEquals(2 * 3_600_000L, second.windowMillis());

        Tier monthly = tier(policies.resourcePolicies(), "15PerMin");
        assertNull(monthly.count());
        assertEquals(1L << 30, monthly.bandwidthBytes());
        assertEquals(30L * 86_400_000, monthly.windowMillis(), "a month is 30 days");
        Tier weekly = tier(policies.applicationPolicies(), "Weekly");
        assertEquals(10 * 1024, weekly.bandwidthBytes(), "1 KB = 1024 bytes");
        assertEquals(14L * 86_400_000, weekly.windowMillis());
        Tier yearly = tier(policies.subscriptionPolicies(), "Yearly");
        assertEquals(365L * 86_400_000, yearly.windowMillis());
        assertEquals(Boolean.FALSE, yearly.stopOnQuotaReach());

        CustomPolicy perUser = policies.customPolicies().get(0);
        assertEquals("PerUserPerApi", perUser.name());
        assertEquals(List.of(new KeyTemplate.Part(KeyTemplate.Variable.USER_ID, null),
                new KeyTemplate.Part(KeyTemplate.Variable.API_CONTEXT, null)), perUser.keyParts());
        assertEquals(86_400_000, perUser.windowMillis());
        CustomPolicy perTenant = policies.customPolicies().get(1);
        assertEquals(List.of(new KeyTemplate.Part(KeyTemplate.Variable.HEADER, "X-Tenant"),
                new KeyTemplate.Part(KeyTemplate.Variable.CLAIM, "http://wso2.org/claims/enduser"),
                new KeyTemplate.Part(KeyTemplate.Variable.CLIENT_IP, null), new KeyTemplate.Part(KeyTemplate.Variable.APP_ID, null),
                new KeyTemplate.Part(KeyTemplate.Variable.API_VERSION, null)), perTenant.keyParts());
        assertEquals(100L << 20, perTenant.bandwidthBytes());
    }

    /** Asserts one diagnostic line {@code policies.yaml:LINE:COL: SEVERITY: …FRAGMENT…}. */
    private static void assertReported(Cli.Result result, int line, String severity, String fragment) {
        Pattern expected = Pattern.compile("policies\\.yaml:" + line + ":\\d+: " + severity + ": .*" + Pattern.quote(fragment));
        assertTrue(result.err().lines().anyMatch(l -> expected.matcher(l).find()),
                () -> "expected policies.yaml:" + line + " " + severity + " '" + fragment + "' in\n" + result);
    }

    private static void assertHint(Cli.Result result, String fragment) {
        assertTrue(result.err().contains(fragment), () -> "expected hint '" + fragment + "' in\n" + result);
    }

    @Test
    void everyMistakeIsReportedAtItsLineWithTheFix() {
        Path project = project("""
                resourcePolicies:
                  - 3PerMin:
                      count: 3
                      unitTime: 1
                      timeUnit: fortnite
                      stopOnQuotaReach: true
                      stopOnQuota: true
                  - 15PerMin:
                      dataAmount: 10
                      unitTime: 1
                      timeUnit: min
                      burst: {count: 5, timeUnit: hour}
                  - Nothing:
                      unitTime: 1
                      timeUnit: min
                  - Conditional:
                      count: 10
                      unitTime: 1
                      timeUnit: min
                      conditionGroups:
                        - conditions:
                            - header: {name: "X Tier", equals: gold}
                            - ip: gateway.example.com
                            - ipRange: 10.0.0.0/33
                            - queryParameter: {name: q, regex: "(unclosed"}
                            - jwtClaim: {name: tier, equals: gold, invert: true}
                            - header: {name: X-A, equals: a}
                              ip: 192.0.2.1
                            - ipRange: 10.0.0.1/8
                            - hedaer: {name: X-A, equals: a}
                          count: 5
                          unitTime: 1
                          timeUnit: min
                applicationPolicies:
                  - App:
                      dataAmount: 3
                      dataUnit: kb
                      unitTime: 1
                      timeUnit: min
                      conditionGroups: []
                customPolicies:
                  - Bad:
                      key: "$user:$apiContext"
                      count: 1
                      unitTime: 1
                      timeUnit: min
                  - NoName:
                      key: "$header:"
                      count: 1
                      unitTime: 1
                      timeUnit: min
                """, API);
        Cli.Result result = Cli.run(tmp.resolve("home"), "validate", project);
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, 5, "error", "unknown timeUnit 'fortnite'");
        assertHint(result, "sec, min, hour, day, week, month or year");
        assertReported(result, 7, "error", "tier '3PerMin' has both stopOnQuotaReach and stopOnQuota");
        assertReported(result, 9, "error", "tier '15PerMin' has dataAmount without dataUnit");
        assertHint(result, "KB, MB or GB; 1 KB = 1024 bytes");
        assertReported(result, 12, "error", "unknown timeUnit 'hour'");
        assertReported(result, 13, "error", "tier 'Nothing' has no count and no dataAmount: it limits nothing");
        assertReported(result, 22, "error", "'X Tier' is not a valid HTTP header name");
        assertReported(result, 23, "error", "'gateway.example.com' is not an IPv4 or IPv6 address (names are not resolved)");
        assertReported(result, 24, "error", "'10.0.0.0/33': the prefix length must be 0-32");
        assertReported(result, 25, "error", "regex '(unclosed' does not compile");
        assertReported(result, 26, "error", "invert belongs beside jwtClaim, not inside it");
        assertReported(result, 27, "error", "a condition must have exactly one of header, queryParameter, jwtClaim, ip or ipRange, found header, ip");
        assertReported(result, 29, "error", "'10.0.0.1/8' has host bits set; the network is 10.0.0.0/8");
        assertReported(result, 30, "error", "unknown condition 'hedaer'");
        assertHint(result, "did you mean 'header'?");
        assertReported(result, 37, "error", "unknown dataUnit 'kb'");
        assertHint(result, "did you mean 'KB'?");
        assertReported(result, 40, "error", "conditionGroups are only read on resourcePolicies tiers, not on applicationPolicies");
        assertReported(result, 43, "error", "key '$user:$apiContext': '$user' is not a key variable");
        assertHint(result, "did you mean '$userId'?");
        assertReported(result, 48, "error", "key '$header:': '$header:': write $header:NAME");
    }

    @Test
    void aBurstThatNeverBindsAndStopOnQuotaOutsideSubscriptionsAreWarnings() {
        String policies = TestProjects.policies("15PerMin").replace("resourcePolicies:\n", """
                resourcePolicies:
                  - 3PerMin:
                      count: 3
                      unitTime: 1
                      timeUnit: min
                      stopOnQuota: false
                      burst: {count: 3, timeUnit: sec}
                """);
        Path project = project(policies, API);
        Cli.Result result = Cli.run(tmp.resolve("home"), "validate", project);
        assertEquals(0, result.exitCode(), result::toString);
        int stop = TestProjects.lineOf(project.resolve("policies.yaml"), "stopOnQuota: false");
        assertReported(result, stop, "warning", "stopOnQuota only applies to subscription tiers");
        assertReported(result, stop + 1, "warning", "burst control never binds: tier '3PerMin' admits at most 3 requests per window");
    }

    @Test
    void theBenchmarksTiersNeverBind() throws Exception {
        Path project = project(Files.readString(TestProjects.repositoryRoot().resolve("bench/policies.yaml")),
                API.replace("x-wso2-throttling-tier: 15PerMin", "x-wso2-throttling-tier: Bench").replace("x-wso2-throttling-tier: 3PerMin", "x-wso2-throttling-tier: Bench"));
        Cli.Result validate = Cli.run(tmp.resolve("home"), "validate", project);
        assertFalse(validate.err().contains("policies.yaml"), "no error nor warning\n" + validate);
        ThrottlePolicies policies = built(project);
        List<Tier> all = new java.util.ArrayList<>(policies.resourcePolicies());
        all.addAll(policies.applicationPolicies());
        all.addAll(policies.subscriptionPolicies());
        assertTrue(all.stream().map(Tier::name).toList().containsAll(List.of("Bench", "Unauthenticated", "Default")), all::toString);
        for (Tier tier : all) {
            assertEquals((long) Integer.MAX_VALUE, tier.count(), tier::toString);
            assertEquals(60_000, tier.windowMillis(), tier::toString);
        }
    }

    @Test
    void theQuickstartShowsASmallTierOnOneResource() throws Exception {
        Path source = TestProjects.repositoryRoot().resolve("examples/quickstart");
        Path project = tmp.resolve("quickstart");
        Files.createDirectories(project.resolve("apis"));
        for (String file : List.of("outpost.yaml", "policies.yaml", "apis/petstore.yaml")) {
            Files.copy(source.resolve(file), project.resolve(file));
        }
        Path artifact = tmp.resolve("quickstart.outpost");
        Cli.Result build = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact, "--sign-key", TestProjects.keyFile(tmp, KEY));
        assertEquals(0, build.exitCode(), build::toString);
        assertFalse(build.err().contains("policies.yaml"), build::toString);
        var verified = TestProjects.verify(artifact, KEY);
        ThrottlePolicies policies = Json.read(verified.bytes(Artifacts.POLICIES), ThrottlePolicies.class);
        assertEquals(new Tier("5PerMin", 5, 1, "min", null), tier(policies.resourcePolicies(), "5PerMin"));
        var api = TestProjects.api(verified, "petstore");
        assertEquals(List.of("GET /pets/{petId}"), api.resources().stream().filter(r -> "5PerMin".equals(r.throttlingTier()))
                .map(r -> r.method() + " " + r.path()).toList());
    }
}
