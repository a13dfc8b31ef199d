package io.outpost.gateway.security.basic;

import static io.outpost.gateway.TestApis.endpoint;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.Argon2idHash;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.common.model.SecurityScheme;
import io.outpost.gateway.GatewayFixture;
import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic authentication and static API keys in a real gateway process, from its gateway.yaml: WSO2's
 * cases (valid, wrong, missing password, malformed; a key in the header and in the query, gone from
 * what the backend receives), a key refused for an API it is not listed for, and a user migrated
 * with WSO2's SHA-1 hash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasicAuthEndToEndTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, SecurityScheme> SCHEMES = Map.of(
            "basic", new SecurityScheme("http", "basic", null, null, null, List.of()),
            "api_key", new SecurityScheme("apiKey", null, "header", "X-API-Key", null, List.of()),
            "api_key_query", new SecurityScheme("apiKey", null, "query", "apikey", null, List.of()));
    private static final List<SecurityRequirement> BASIC_OR_KEY = List.of(
            new SecurityRequirement(Map.of("basic", List.of())),
            new SecurityRequirement(Map.of("api_key", List.of(), "api_key_query", List.of())));

    private final ApiKeyHash.Generated pizzaKey = ApiKeyHash.generate(RANDOM);
    private RecordingBackend backend;
    private GatewayFixture.Running gateway;

    private static ApiDefinition api(String name, String basePath, EndpointConfig backend) {
        Resource r = new Resource("/x", "GET", null, null, null, null, null, null, List.of(), null, null, null, null, null, null);
        return new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", backend, null, null, null, null, null,
                null, null, null, null, null, null, BASIC_OR_KEY, SCHEMES, List.of(r), null);
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        backend = new RecordingBackend();
        String alice = Argon2idHash.create("alice-pw".getBytes(StandardCharsets.UTF_8), Argon2idHash.DEFAULT_MEMORY_KIB,
                Argon2idHash.DEFAULT_ITERATIONS, Argon2idHash.DEFAULT_PARALLELISM, RANDOM).encoded();
        gateway = new GatewayFixture(dir, List.of(api("PizzaShack", "/pizza", endpoint(backend.url("/"))),
                api("Orders", "/orders", endpoint(backend.url("/")))), """
                security:
                  basic:
                    users:
                      - name: alice
                        password: '%s'
                      - name: admin
                        password: d033e22ae348aeb5660fc2140aec35850c4da997
                  apiKeys:
                    static:
                      - name: kiosk-7
                        hash: '%s'
                        apis: ['PizzaShack:1.0.0']
                """.formatted(alice, pizzaKey.hash().encoded())).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stopAndCheckLeaks();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private RawHttp.Response get(String target, String... headers) throws Exception {
        StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: gw\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        try (RawHttp http = new RawHttp(gateway.httpPort())) {
            http.send(head.append("\r\n").toString());
            return http.read();
        }
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private RecordingBackend.Received received(String target) {
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.complete().stream().anyMatch(r -> r.target().equals(target)));
        return backend.complete().stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow();
    }

    private static void assertFault(int status, int code, String challenge, RawHttp.Response r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.body().contains("\"code\":" + code), r.body());
        if (challenge != null) {
            assertTrue(r.header("WWW-Authenticate").startsWith(challenge), r.header("WWW-Authenticate"));
        }
    }

    @Test
    void aGoodPasswordPassesAndTheBackendNeverSeesIt() throws Exception {
        for (int i = 0; i < 3; i++) { // the first is hashed off the event loop, the others come from the cache
            assertEquals(200, get("/pizza/x?basic=" + i, "Authorization", basic("alice:alice-pw")).status());
            assertNull(received("/x?basic=" + i).field("authorization"), "the credential is taken out");
        }
        assertEquals(200, get("/pizza/x?basic=wso2", "Authorization", basic("admin:admin")).status(),
                "a user carried over from micro-gw.conf with its SHA-1 hash");
    }

    @Test
    void wrongMissingAndMalformedPasswordsAreRefusedAsWso2Did() throws Exception {
        assertFault(401, 900911, "Basic", get("/pizza/x?t=wrong", "Authorization", basic("alice:alice-PW")));
        assertFault(401, 900911, "Basic", get("/pizza/x?t=unknown", "Authorization", basic("mallory:alice-pw")));
        assertFault(401, 900912, "Basic", get("/pizza/x?t=nopassword", "Authorization", basic("alice:")));
        assertFault(401, 900912, "Basic", get("/pizza/x?t=nocolon", "Authorization", basic("alice")));
        assertFault(401, 900912, "Basic", get("/pizza/x?t=notbase64", "Authorization", "Basic %%%"));
        assertFault(401, 900902, null, get("/pizza/x?t=none"));
        assertEquals(200, get("/pizza/x?t=after", "Authorization", basic("alice:alice-pw")).status());
        received("/x?t=after");
        assertFalse(backend.complete().stream().anyMatch(r -> r.target().startsWith("/x?t=") && !r.target().equals("/x?t=after")));
    }

    @Test
    void aStaticKeyInTheHeaderOrTheQueryPassesAndIsTakenOut() throws Exception {
        assertEquals(200, get("/pizza/x?k=header", "X-API-Key", pizzaKey.key()).status());
        assertNull(received("/x?k=header").field("x-api-key"));
        assertEquals(200, get("/pizza/x?k=query&apikey=" + pizzaKey.key() + "&z=1").status());
        received("/x?k=query&z=1");
    }

    @Test
    void aStaticKeyIsRefusedForAnApiItIsNotListedForAndWhenWrong() throws Exception {
        assertFault(403, 900908, null, get("/orders/x?k=other-api", "X-API-Key", pizzaKey.key()));
        String wrong = pizzaKey.key().substring(0, 30) + "x".repeat(pizzaKey.key().length() - 30);
        assertFault(401, 900901, null, get("/pizza/x?k=wrong", "X-API-Key", wrong));
        assertFalse(backend.complete().stream().anyMatch(r -> r.target().contains("k=other-api") || r.target().contains("k=wrong")));
    }
}
