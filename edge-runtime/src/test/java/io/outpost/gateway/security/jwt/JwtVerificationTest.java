package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static io.outpost.gateway.security.jwt.JwtFixture.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens the gateway must accept, from keys made here: every algorithm, keys from a JWKS, a PEM
 * certificate, a PEM public key and a keys bundle, several keys per issuer chosen by kid, and the
 * identity a WSO2 token gives.
 */
@Tag("arm") // the crypto providers on aarch64 HotSpot (arm-test/run.sh)
class JwtVerificationTest {
    static final TestKeys.Signing RSA = TestKeys.rsa("rsa-1", JWSAlgorithm.RS256);
    static final TestKeys.Signing P256 = TestKeys.ec("p256", Curve.P_256);
    static final TestKeys.Signing P384 = TestKeys.ec("p384", Curve.P_384);
    static final TestKeys.Signing ED = TestKeys.ed25519("ed");

    @TempDir
    Path dir;
    JwtFixture fx;
    CredentialCheck check;

    @BeforeEach
    void setUp() throws Exception {
        fx = new JwtFixture(dir);
        TestKeys.jwks(dir, "keys/idp.jwks", RSA, P256, P384, ED);
        check = fx.bearer(fx.oneIssuer("audiences: [http://org.wso2.apimgt/gateway]", "jwks: [keys/idp.jwks]"));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"})
    void everyAcceptedAlgorithmVerifies(String name) {
        JWSAlgorithm alg = JWSAlgorithm.parse(name);
        TestKeys.Signing key = switch (name) {
            case "ES256" -> P256;
            case "ES384" -> P384;
            case "EdDSA" -> ED;
            default -> RSA.as(alg);
        };
        Check result = check.check(Tokens.sign(key, Tokens.claims(fx.now())), PIZZA);
        Identity identity = assertInstanceOf(Check.Accepted.class, result, name).identity();
        assertEquals("alice", identity.subject());
    }

    @Test
    void pemCertificatesAndPublicKeysVerifyWhateverKidTheTokenNames() throws Exception {
        TestKeys.Signing rsa = TestKeys.rsa(null, JWSAlgorithm.RS256, TestKeys.newRsaPair(2048));
        TestKeys.Signing ec = TestKeys.ec(null, Curve.P_256);
        TestKeys.Signing ed = TestKeys.ed25519(null);
        TestKeys.certificatePem(dir, "keys/rsa-cert.pem", rsa);
        TestKeys.certificatePem(dir, "keys/ec-cert.pem", ec);
        TestKeys.publicKeyPem(dir, "keys/ed.pem", ed);
        CredentialCheck pem = fx.bearer(fx.oneIssuer("certificates: [keys/rsa-cert.pem, keys/ec-cert.pem, keys/ed.pem]"));
        for (TestKeys.Signing key : List.of(rsa, ec, ed)) {
            String noKid = Tokens.sign(key, Tokens.claims(fx.now()));
            // WSO2 API Manager names its certificate's thumbprint as kid; the PEM key has no id to compare.
            String wso2Kid = Tokens.sign(key, new JWSHeader.Builder(key.alg()).keyID("MzYxMmU2ODk").build(), Tokens.claims(fx.now()));
            assertTrue(accepted(pem.check(noKid, PIZZA)), key.alg().getName());
            assertTrue(accepted(pem.check(wso2Kid, PIZZA)), key.alg().getName());
        }
    }

    @Test
    void theKidChoosesAmongSeveralKeysOfAnIssuer() throws Exception {
        TestKeys.Signing a = TestKeys.ec("a", Curve.P_256);
        TestKeys.Signing b = TestKeys.ec("b", Curve.P_256);
        TestKeys.jwks(dir, "keys/two.jwks", a, b);
        CredentialCheck two = fx.bearer(fx.oneIssuer("jwks: [keys/two.jwks]"));
        assertTrue(accepted(two.check(Tokens.sign(a, Tokens.claims(fx.now())), PIZZA)));
        assertTrue(accepted(two.check(Tokens.sign(b, Tokens.claims(fx.now())), PIZZA)));
        TestKeys.Signing bClaimingA = new TestKeys.Signing("a", b.alg(), b.signer(), b.publicJwk(), null, null);
        assertFalse(accepted(two.check(Tokens.sign(bClaimingA, Tokens.claims(fx.now())), PIZZA)));
    }

    @Test
    void aKeysBundleAddsKeysToTheIssuersOfGatewayYamlOnly() throws Exception {
        TestKeys.Signing rotated = TestKeys.ec("rotated", Curve.P_256);
        Map<String, JWKSet> added = Map.of(Tokens.ISSUER, new JWKSet(rotated.publicJwk()),
                "https://elsewhere.test", new JWKSet(rotated.publicJwk()));
        CredentialCheck withBundle = fx.bearer(fx.oneIssuer("jwks: [keys/idp.jwks]"),
                new TrustBundles(added, Revocations.NONE, SecurityMaterial.NOT_CONFIGURED));
        assertTrue(accepted(withBundle.check(Tokens.sign(rotated, Tokens.claims(fx.now())), PIZZA)));
        assertTrue(accepted(withBundle.check(Tokens.sign(RSA, Tokens.claims(fx.now())), PIZZA)), "gateway.yaml's keys stay");
        Map<String, Object> elsewhere = Tokens.claims(fx.now());
        elsewhere.put("iss", "https://elsewhere.test");
        assertFalse(accepted(withBundle.check(Tokens.sign(rotated, elsewhere), PIZZA)));
        assertFalse(accepted(check.check(Tokens.sign(rotated, Tokens.claims(fx.now())), PIZZA)), "not without the bundle");
    }

    @Test
    void theBundlesApiKeyIssuerKeysAreTheApiKeyChecksOnly() throws Exception {
        TestKeys.Signing keyIssuer = TestKeys.ed25519("apikeys-2");
        JwtSettings settings = fx.settings("""
                security:
                  jwt:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [keys/idp.jwks]
                  apiKeys:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        validateAllowedApis: false
                """);
        TrustBundles bundles = new TrustBundles(Map.of(), Revocations.NONE, SecurityMaterial.NOT_CONFIGURED,
                Map.of(Tokens.ISSUER, new JWKSet(keyIssuer.publicJwk())), List.of(), Map.of());
        String key = Tokens.sign(keyIssuer, Tokens.claims(fx.now()));
        assertTrue(accepted(JwtChecks.apiKey(settings, bundles, fx.clock).check(key, PIZZA)));
        assertFalse(accepted(JwtChecks.bearer(settings, bundles, fx.clock).check(key, PIZZA)), "not a bearer issuer's key");
        assertFalse(accepted(JwtChecks.apiKey(settings, TrustBundles.NONE, fx.clock).check(key, PIZZA)));
    }

    @Test
    void aWso2TokenGivesSubjectApplicationKeyTypeScopesAndTier() {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("application", Map.of("id", 7, "uuid", "1f0c", "name", "PizzaApp", "tier", "50PerMin", "owner", "admin"));
        claims.put("keytype", "SANDBOX");
        claims.put("scope", "read write");
        claims.put("scp", List.of("admin", "read"));
        claims.put("azp", "consumer-key-1");
        claims.put("subscribedAPIs", List.of(Map.of("name", "PizzaShackAPI", "context", "/pizzashack/1.0.0",
                "version", "1.0.0", "subscriptionTier", "Gold", "publisher", "admin")));
        Identity identity = ((Check.Accepted) check.check(Tokens.sign(P256, claims), PIZZA)).identity();
        assertEquals("alice", identity.subject());
        assertEquals("7", identity.applicationId());
        assertEquals("PizzaApp", identity.applicationName());
        assertEquals("50PerMin", identity.applicationTier());
        assertEquals("Gold", identity.subscriptionTier());
        assertEquals("SANDBOX", identity.keyType());
        assertEquals(List.of("read", "write", "admin"), identity.scopes());
        assertEquals("consumer-key-1", identity.claims().get("azp"));
    }

    @Test
    void scopesMayBeAListAndTheKeyTypeDefaultsToProduction() {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("scope", List.of("read", "write"));
        Identity identity = ((Check.Accepted) check.check(Tokens.sign(ED, claims), PIZZA)).identity();
        assertEquals(List.of("read", "write"), identity.scopes());
        assertEquals("PRODUCTION", identity.keyType());
        assertNull(identity.applicationId());
        assertNull(identity.subscriptionTier());
    }

    @Test
    void audiencesAreAnyOfAListAndNotCheckedWhenNoneIsConfigured() throws Exception {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("aud", List.of("consumer-key-1", Tokens.AUDIENCE));
        assertTrue(accepted(check.check(Tokens.sign(RSA, claims), PIZZA)));
        CredentialCheck anyAudience = fx.bearer(fx.oneIssuer("jwks: [keys/idp.jwks]"));
        claims.put("aud", "somebody-else");
        assertTrue(accepted(anyAudience.check(Tokens.sign(RSA, claims), PIZZA)));
        claims.remove("aud");
        assertTrue(accepted(anyAudience.check(Tokens.sign(RSA, claims), PIZZA)));
    }

    @Test
    void noIssuerConfiguredIsTheFailClosedCheck() throws Exception {
        assertSame(SecurityMaterial.NOT_CONFIGURED, fx.bearer(JwtSettings.DEFAULT));
        assertSame(SecurityMaterial.NOT_CONFIGURED, fx.apiKey(JwtSettings.DEFAULT));
    }
}
