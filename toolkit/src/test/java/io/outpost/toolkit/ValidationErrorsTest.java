package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of problem is reported at its FILE:LINE, all at once, with the right exit code. */
class ValidationErrorsTest {
    private static final String HEAD = """
            openapi: 3.0.3
            info:
              title: Test
              version: 1.0.0
            """;
    private static final String PATHS = """
            paths:
              /things:
                get:
                  responses:
                    "200":
                      description: ok
            """;

    @TempDir
    Path tmp;

    private Path project() {
        Path dir = tmp.resolve("proj");
        if (!Files.exists(dir)) {
            TestProjects.project(dir, "proj", TestProjects.policies());
        }
        return dir;
    }

    private Path api(String fileName, String text) {
        return TestProjects.write(project().resolve("apis").resolve(fileName), text);
    }

    private Cli.Result validate() {
        return Cli.run(tmp.resolve("home"), "validate", project());
    }

    /** Asserts one diagnostic line {@code FILE:LINE:COL: SEVERITY: …FRAGMENT…}. */
    private static void assertReported(Cli.Result result, Path file, int line, String severity, String fragment) {
        Pattern expected = Pattern.compile(Pattern.quote(file.getFileName().toString()) + ":" + line + ":\\d+: "
                + severity + ": .*" + Pattern.quote(fragment) + ".*");
        assertTrue(result.err().lines().anyMatch(l -> expected.matcher(l).find()),
                () -> "expected " + file.getFileName() + ":" + line + " " + severity + " '" + fragment + "' in\n" + result);
    }

    @Test
    void malformedYaml() {
        Path file = api("broken.yaml", HEAD + "x-wso2-basePath: /a\npaths:\n  /a:\n    get: [unclosed\n");
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("broken.yaml:"), result::toString);
        assertTrue(result.err().contains("malformed YAML"), result::toString);
        assertTrue(result.err().contains("hint:"), result::toString);
        assertTrue(Files.exists(file));
    }

    @Test
    void malformedJson() {
        Path file = api("broken.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"x\" \"version\": \"1\"}\n}\n");
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 3, "error", "malformed YAML/JSON");
    }

    @Test
    void notOpenApi() {
        Path file = api("notes.yaml", "title: shopping list\nitems: [milk]\n");
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 1, "error", "not an OpenAPI or Swagger definition");
    }

    @Test
    void duplicateBasePathsNameBothFiles() {
        api("a.yaml", HEAD + "x-wso2-basePath: /shared\n" + PATHS);
        Path second = api("b.yaml", HEAD + "x-wso2-basePath: /shared/\n" + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, second, 5, "error", "base path '/shared' is also used by");
        assertTrue(result.err().contains("apis/a.yaml (") && result.err().contains("a.yaml:5:1"), result::toString);
    }

    @Test
    void unknownEndpointReference() {
        Path file = api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-production-endpoints: "#/x-wso2-endpoints/primry"
                x-wso2-endpoints:
                  - primary:
                      urls: [http://backend:8080]
                """ + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 6, "error", "unknown endpoint reference '#/x-wso2-endpoints/primry'");
        assertTrue(result.err().contains("did you mean 'primary'?"), result::toString);
    }

    @Test
    void unknownThrottlingTier() {
        Path file = api("api.yaml", HEAD + "x-wso2-basePath: /a\n" + PATHS.replace("    get:\n", "    get:\n      x-wso2-throttling-tier: Platinum\n"));
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "Platinum"), "error", "unknown throttling tier 'Platinum'");
    }

    @Test
    void unknownSecurityModeNamesTheTwoThatExist() {
        Path file = api("api.yaml", HEAD + "x-wso2-basePath: /a\nx-outpost-security: strict\n" + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "x-outpost-security"), "error",
                "x-outpost-security must be 'wso2'");
    }

    /** The diagnostic printed at FILE:LINE and its hint line, or fails. */
    private static String reportedAt(Cli.Result result, Path file, int line) {
        List<String> lines = result.err().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(file.getFileName() + ":" + line + ":")) {
                return lines.get(i) + (i + 1 < lines.size() && lines.get(i + 1).startsWith("  hint:") ? "\n" + lines.get(i + 1) : "");
            }
        }
        throw new AssertionError("nothing reported at " + file.getFileName() + ":" + line + " in\n" + result);
    }

    @Test
    void throttlingTiersAtApiAndResourceLevelMustBeResourceTiers() {
        // WSO2 3.x looks both levels up among resourcePolicies only; application and subscription
        // tiers are applied to applications and subscriptions.
        Path file = api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-throttling-tier: 10PerMin
                paths:
                  /gold:
                    get:
                      x-wso2-throttling-tier: Gold
                      responses: {"200": {description: ok}}
                  /missing:
                    get:
                      x-wso2-throttling-tier: 15PerMin
                      responses: {"200": {description: ok}}
                  /free:
                    get:
                      x-wso2-throttling-tier: Unlimited
                      responses: {"200": {description: ok}}
                  /fine:
                    get:
                      x-wso2-throttling-tier: 20kPerMin
                      responses: {"200": {description: ok}}
                """);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(3, result.err().lines().filter(l -> l.contains(": error:")).count(), result::toString);

        String api = reportedAt(result, file, TestProjects.lineOf(file, "10PerMin"));
        assertTrue(api.contains(":6:1: error: throttling tier '10PerMin' is an application tier (applicationPolicies), "
                + "but x-wso2-throttling-tier at API level names a tier of resourcePolicies"), api);
        assertTrue(api.contains("hint: name one of resourcePolicies (50kPerMin, 20kPerMin, 10kPerMin), or define a resource "
                + "tier in policies.yaml with the same limit"), api);
        assertTrue(result.err().contains("- 10PerMinResource:"), result::toString);

        String gold = reportedAt(result, file, TestProjects.lineOf(file, "Gold"));
        assertTrue(gold.contains("error: throttling tier 'Gold' is a subscription tier (subscriptionPolicies), "
                + "but x-wso2-throttling-tier at resource level names a tier of resourcePolicies"), gold);
        assertTrue(gold.contains("hint: name one of resourcePolicies (50kPerMin, 20kPerMin, 10kPerMin), or define"), gold);

        // The hint used to suggest the application tier 10PerMin.
        String missing = reportedAt(result, file, TestProjects.lineOf(file, "15PerMin"));
        assertTrue(missing.contains("error: unknown throttling tier '15PerMin': policies.yaml does not define it"), missing);
        assertTrue(missing.contains("hint: did you mean '10kPerMin'?"), missing);

        assertFalse(result.err().contains(file.getFileName() + ":" + TestProjects.lineOf(file, "Unlimited") + ":"),
                "Unlimited is WSO2's reserved no-limit tier\n" + result);
    }

    @Test
    void overrideNamesThatTwoResourcesShareAreNamedInTheWarning() {
        Path file = api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-production-endpoints:
                  urls: [http://api.example.com]
                paths:
                  /one:
                    get:
                      operationId: same
                      x-wso2-production-endpoints:
                        urls: [http://one.example.com]
                      responses: {"200": {description: ok}}
                  /two:
                    get:
                      operationId: same
                      x-wso2-production-endpoints:
                        urls: [http://two.example.com]
                      responses: {"200": {description: ok}}
                  /three:
                    get:
                      operationId: same
                      responses: {"200": {description: ok}}
                  /a-b:
                    get:
                      x-wso2-sandbox-endpoints:
                        urls: [http://dash.example.com]
                      responses: {"200": {description: ok}}
                  /a_b:
                    get:
                      x-wso2-sandbox-endpoints:
                        urls: [http://underscore.example.com]
                      responses: {"200": {description: ok}}
                """);
        Cli.Result result = validate();
        assertEquals(0, result.exitCode(), "a warning, so WSO2's own samples keep building\n" + result);

        int first = TestProjects.lineOf(file, "/one:") + 2;
        String two = reportedAt(result, file, TestProjects.lineOf(file, "/two:") + 2);
        assertTrue(two.contains("warning: operationId 'same' is also used at " + file + ":" + first + ":7 (GET /one); "
                + "the environment overrides of both resources' own endpoints collide: Test_1_0_0_same_prod_endpoint_<i> "
                + "sets the URLs of GET /one and GET /two alike"), two);
        String three = reportedAt(result, file, TestProjects.lineOf(file, "/three:") + 2);
        assertTrue(three.contains("warning: operationId 'same' is also used at"), three);
        assertFalse(three.contains("collide"), "/three has no endpoint of its own: " + three);

        String underscore = reportedAt(result, file, TestProjects.lineOf(file, "/a_b:") + 1);
        assertTrue(underscore.contains("warning: GET /a_b and GET /a-b at " + file + ":" + (TestProjects.lineOf(file, "/a-b:") + 1)
                + ":5 get the same override names; the environment overrides of both resources' own endpoints collide: "
                + "Test_1_0_0_get__a_b_sand_endpoint_<i>"), underscore);
    }

    @Test
    void malformedExtensionShapesAreAllReported() {
        Path file = api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-transports: 5
                x-wso2-mutual-ssl: sometimes
                x-wso2-disable-security: "no"
                x-wso2-cors:
                  accessControlAllowOrigin: ["*"]
                x-wso2-production-endpoints:
                  urls: http://single.example.com
                x-wso2-sandbox-endpoints:
                  urls: [ftp://files.example.com, "http:///nohost", https://ok.example.com]
                  type: round_robin
                  timeout: 5
                  advanceEndpointConfig:
                    retryConfig:
                      count: -1
                      statusCodes: 500
                    circuitBreaker:
                      failureThreshold: 20
                x-wso2-application-security:
                  security-types: oauth2
                """ + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 6, "error", "x-wso2-transports must be a list of strings, found a number (5)");
        assertReported(result, file, 7, "error", "unknown x-wso2-mutual-ssl value 'sometimes'");
        assertReported(result, file, 8, "error", "x-wso2-disable-security must be true or false");
        assertReported(result, file, 10, "error", "unknown key 'accessControlAllowOrigin' in x-wso2-cors");
        assertReported(result, file, 12, "error", "urls must be a list of strings, found a string");
        assertReported(result, file, 14, "error", "endpoint URL 'ftp://files.example.com' must start with http:// or https://");
        assertReported(result, file, 14, "error", "endpoint URL 'http:///nohost' has no host");
        assertReported(result, file, 15, "error", "unknown endpoint type 'round_robin'");
        assertReported(result, file, 16, "error", "unknown key 'timeout' in x-wso2-sandbox-endpoints");
        assertReported(result, file, 19, "error", "count must be a whole number of 0 or more");
        assertReported(result, file, 20, "error", "statusCodes must be a list of HTTP status codes");
        assertReported(result, file, 22, "error", "failureThreshold is a ratio");
        assertReported(result, file, 24, "error", "security-types must be a list of strings");
        assertTrue(result.err().contains("did you mean 'accessControlAllowOrigins'?"), result::toString);
        assertTrue(result.err().contains("did you mean 'load_balance'?") || result.err().contains("expected one of"), result::toString);
    }

    private Path apiWithFailureThreshold(String threshold) {
        return api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-disable-security: true
                x-wso2-production-endpoints:
                  urls: [http://backend.example.com]
                  advanceEndpointConfig:
                    circuitBreaker:
                      failureThreshold: %s
                """.formatted(threshold) + PATHS);
    }

    @Test
    void aPercentageFailureThresholdIsRefusedWithTheRatioToWrite() {
        // The gateway applies the same rule (io.outpost.common.endpoint.FailureThreshold) to an artifact.
        Path file = apiWithFailureThreshold("20");
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 11, "error",
                "failureThreshold is a ratio of failed requests and must be between 0 and 1, found 20");
        assertTrue(result.err().contains("hint: for 20% write failureThreshold: 0.2"), result::toString);

        apiWithFailureThreshold("1");
        Cli.Result ratio = validate();
        assertEquals(0, ratio.exitCode(), ratio::toString);
    }

    @Test
    void unresolvableAndExternalRefs() {
        Path file = api("api.yaml", HEAD + "x-wso2-basePath: /a\n" + """
                paths:
                  /things:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema:
                                $ref: "#/components/schemas/Thng"
                    post:
                      requestBody:
                        $ref: "other.yaml#/components/requestBodies/Thing"
                      responses:
                        "204":
                          description: ok
                components:
                  schemas:
                    Thing:
                      type: object
                """);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "Thng"), "error", "unresolvable $ref '#/components/schemas/Thng'");
        assertTrue(result.err().contains("did you mean 'Thing'?"), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "other.yaml"), "error", "points outside this file");
    }

    @Test
    void equivalentPathTemplates() {
        Path file = api("api.yaml", HEAD + "x-wso2-basePath: /a\n" + """
                paths:
                  /items/{id}:
                    get:
                      parameters:
                        - {name: id, in: path, required: true, schema: {type: string}}
                      responses:
                        "200": {description: ok}
                  /items/{itemId}:
                    delete:
                      parameters:
                        - {name: itemId, in: path, required: true, schema: {type: string}}
                      responses:
                        "204": {description: ok}
                """);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "/items/{itemId}"), "error",
                "path '/items/{itemId}' matches the same requests as '/items/{id}' at");
    }

    @Test
    void warningsDoNotFail() {
        Path file = api("api.yaml", HEAD + """
                x-wso2-basePath: /a
                x-wso2-production-endpoints:
                  urls: [http://backend:8080]
                  securityConfig:
                    type: basic
                    username: svc
                    password: hunter2
                x-wso2-basepath: /typo
                paths:
                  /things/{id}:
                    get:
                      operationId: thing
                      x-wso2-cors: {}
                      responses:
                        "200": {description: ok}
                  /others:
                    get:
                      operationId: thing
                      responses:
                        "200": {description: ok}
                """);
        Cli.Result result = validate();
        assertEquals(0, result.exitCode(), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "password"), "warning", "backend password is ignored");
        assertReported(result, file, TestProjects.lineOf(file, "x-wso2-basepath"), "warning", "unknown extension x-wso2-basepath");
        assertTrue(result.err().contains("did you mean 'x-wso2-basePath'?"), result::toString);
        assertReported(result, file, TestProjects.lineOf(file, "x-wso2-cors"), "warning", "x-wso2-cors is only read at API level");
        assertReported(result, file, TestProjects.lineOf(file, "    get:"), "warning", "path parameter 'id' of '/things/{id}' is not declared");
        assertReported(result, file, TestProjects.lineOf(file, "/others") + 2, "warning", "operationId 'thing' is also used at");
        assertFalse(result.err().contains("error:"), result::toString);

        Path artifact = tmp.resolve("a.outpost");
        Cli.Result build = Cli.run(tmp.resolve("home"), "build", project(), "-o", artifact);
        assertEquals(0, build.exitCode(), build::toString);
        try {
            String bytes = new String(Files.readAllBytes(artifact), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains("hunter2"), "the backend password must not reach the artifact");
            assertTrue(bytes.contains("svc"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void missingBasePathAndUndeclaredSecurityScheme() {
        Path file = api("api.yaml", HEAD + "security:\n  - oauth: []\n" + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, file, 1, "error", "the API has no base path");
        assertTrue(result.err().contains("hint: add at the top level: x-wso2-basePath: /myapi/{version}"), result::toString);
        assertReported(result, file, 6, "error", "security scheme 'oauth' is not declared in components.securitySchemes");
    }

    @Test
    void projectFilesWithUnknownKeys() {
        Path project = project();
        TestProjects.write(project.resolve("outpost.yaml"), "name: proj\nversion: 1.0.0\nversoin: 2\n");
        TestProjects.write(project.resolve("policies.yaml"), """
                resourcePolicies:
                  - Tiny:
                      count: 1
                      unitTime: 1
                      timeUnit: fortnight
                  - Broken: 5
                applicationPolicy: []
                """);
        api("api.yaml", HEAD + "x-wso2-basePath: /a\nx-wso2-throttling-tier: Tiny\n" + PATHS);
        Cli.Result result = validate();
        assertEquals(1, result.exitCode(), result::toString);
        assertReported(result, project.resolve("outpost.yaml"), 3, "error", "unknown key 'versoin' in outpost.yaml");
        assertTrue(result.err().contains("did you mean 'version'?"), result::toString);
        assertReported(result, project.resolve("policies.yaml"), 5, "error", "unknown timeUnit 'fortnight'");
        assertReported(result, project.resolve("policies.yaml"), 6, "error", "tier 'Broken' must be a map");
        assertReported(result, project.resolve("policies.yaml"), 7, "error", "unknown key 'applicationPolicy' in policies.yaml");
        assertTrue(result.err().contains("did you mean 'applicationPolicies'?"), result::toString);
    }

    @Test
    void buildFailsLikeValidateAndWritesNothing() {
        api("api.yaml", HEAD + "x-wso2-basePath: /a\nx-wso2-transports: [ftp]\n" + PATHS);
        Cli.Result result = Cli.run(tmp.resolve("home"), "build", project());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("unknown transport 'ftp'"), result::toString);
        assertTrue(result.err().contains("build failed: 1 error"), result::toString);
        assertFalse(Files.exists(project().resolve("target")));
        assertFalse(Files.exists(tmp.resolve("home")), "no key is created for a failed build");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, Cli.run(tmp, "validate", tmp.resolve("missing")).exitCode());
        assertEquals(2, Cli.run(tmp, "validate").exitCode());
        assertEquals(2, Cli.run(tmp, "build", project(), "--no-such-option").exitCode());
        Cli.Result noProject = Cli.run(tmp, "build", tmp.resolve("missing"));
        assertEquals(2, noProject.exitCode());
        assertTrue(noProject.err().contains("no such directory"), noProject::toString);
        assertFalse(noProject.err().contains("Exception"), noProject::toString);
    }
}
