package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PETS;
import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.jwk.Curve;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WSO2's per-API rules: a token's {@code subscribedAPIs} when its issuer validates subscriptions
 * (403 / 900908 otherwise), and a JWT API key's {@code allowedAPIs} (an empty list is 401, another
 * API 403 / 900908), decided per use even when the token is cached.
 */
class SubscriptionsAndAllowedApisTest {
    static final TestKeys.Signing TOKENS = TestKeys.ec("tokens", Curve.P_256);
    static final TestKeys.Signing KEYS = TestKeys.ed25519("apikeys");
    static final String KEY_ISSUER = "https://localhost:9095/apikey";
    static final Map<String, Object> PIZZA_SUBSCRIPTION = Map.of("name", "PizzaShackAPI", "context", "/pizzashack/1.0.0",
            "version", "1.0.0", "subscriptionTier", "Gold", "subscriberTenantDomain", "carbon.super");

    @TempDir
    Path dir;
    JwtFixture fx;
    CredentialCheck bearer;
    CredentialCheck apiKeys;

    @BeforeEach
    void setUp() throws Exception {
        fx = new JwtFixture(dir);
        TestKeys.jwks(dir, "tokens.jwks", TOKENS);
        TestKeys.jwks(dir, "apikeys.jwks", KEYS);
        JwtSettings settings = fx.settings("""
                security:
                  jwt:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [tokens.jwks]
                        validateSubscription: true
                      - issuer: https://other.test/token
                        jwks: [tokens.jwks]
                  apiKeys:
                    issuers:
                      - issuer: https://localhost:9095/apikey
                        audiences: [http://org.wso2.apimgt/gateway]
                        jwks: [apikeys.jwks]
                      - issuer: https://lenient.test/apikey
                        jwks: [apikeys.jwks]
                        validateAllowedApis: false
                """);
        bearer = fx.bearer(settings);
        apiKeys = fx.apiKey(settings);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static Fault fault(Check check) {
        return assertInstanceOf(Check.Refused.class, check).fault();
    }

    private static Identity identity(Check check) {
        return assertInstanceOf(Check.Accepted.class, check).identity();
    }

    private String token(String issuer, Object subscribed) {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("iss", issuer);
        if (subscribed != null) {
            claims.put("subscribedAPIs", subscribed);
        }
        return Tokens.sign(TOKENS, claims);
    }

    @Test
    void aValidatingIssuersTokenPassesOnlyForItsSubscribedApis() {
        String token = token(Tokens.ISSUER, List.of(PIZZA_SUBSCRIPTION));
        assertEquals("Gold", identity(bearer.check(token, PIZZA)).subscriptionTier());
        assertEquals(Faults.notSubscribed(), fault(bearer.check(token, PETS)));
        assertEquals(Faults.notSubscribed(), fault(bearer.check(token, new ApiRef("PizzaShackAPI", "2.0.0", "/pizzashack"))));
        assertEquals("Gold", identity(bearer.check(token, PIZZA)).subscriptionTier(), "decided per use, cached or not");
        assertEquals("Gold", identity(bearer.check(token, new ApiRef("Renamed", "1.0.0", "/pizzashack/1.0.0/")))
                .subscriptionTier(), "the context with its version, as API Manager writes it");
        assertEquals(Faults.notSubscribed(), fault(bearer.check(token(Tokens.ISSUER, null), PIZZA)));
        assertEquals(Faults.notSubscribed(), fault(bearer.check(token(Tokens.ISSUER, List.of()), PIZZA)));
        assertEquals(Faults.notSubscribed(), fault(bearer.check(token(Tokens.ISSUER, "PizzaShackAPI"), PIZZA)));
    }

    @Test
    void anIssuerThatDoesNotValidateStillGivesTheTierOfAMatchingSubscription() {
        String token = token("https://other.test/token", List.of(PIZZA_SUBSCRIPTION));
        assertEquals("Gold", identity(bearer.check(token, PIZZA)).subscriptionTier());
        assertEquals(null, identity(bearer.check(token, PETS)).subscriptionTier());
        assertEquals(null, identity(bearer.check(token("https://other.test/token", null), PETS)).subscriptionTier());
    }

    private String apiKey(String issuer, Object allowed) {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("iss", issuer);
        claims.put("keytype", "SANDBOX");
        claims.put("application", Map.of("id", "app-uuid", "name", "DefaultApplication", "tier", "Unlimited", "owner", "admin"));
        claims.put("tierInfo", Map.of("Bronze", Map.of("stopOnQuotaReach", true)));
        if (allowed != null) {
            claims.put("allowedAPIs", allowed);
        }
        return Tokens.sign(KEYS, claims);
    }

    @Test
    void aJwtApiKeyPassesForItsAllowedApisOnly() {
        String key = apiKey(KEY_ISSUER, List.of(Map.of("name", "PetStoreAPI", "version", "1.0.0")));
        Identity identity = identity(apiKeys.check(key, PETS));
        assertEquals("SANDBOX", identity.keyType());
        assertEquals("app-uuid", identity.applicationId());
        assertEquals("Bronze", identity.subscriptionTier());
        assertEquals(Faults.notSubscribed(), fault(apiKeys.check(key, PIZZA)));
        assertEquals(Faults.notSubscribed(), fault(apiKeys.check(key, new ApiRef("PetStoreAPI", "2.0.0", "/petstore/v2"))));
    }

    @Test
    void aJwtApiKeyAllowedForNoApiIsInvalid() {
        assertEquals(Faults.invalidCredentials(), fault(apiKeys.check(apiKey(KEY_ISSUER, List.of()), PETS)));
        assertEquals(Faults.invalidCredentials(), fault(apiKeys.check(apiKey(KEY_ISSUER, null), PETS)));
        String lenient = apiKey("https://lenient.test/apikey", List.of());
        assertEquals("SANDBOX", identity(apiKeys.check(lenient, PIZZA)).keyType(), "validateAllowedApis: false");
    }

    @Test
    void bearerTokensAndApiKeysComeFromTheirOwnIssuers() {
        String key = apiKey(KEY_ISSUER, List.of(Map.of("name", "PetStoreAPI", "version", "1.0.0")));
        assertEquals(Faults.invalidCredentials(), fault(bearer.check(key, PETS)));
        assertEquals(Faults.invalidCredentials(), fault(apiKeys.check(token(Tokens.ISSUER, List.of(PIZZA_SUBSCRIPTION)), PIZZA)));
    }
}
