package io.outpost.gateway.security.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.outpost.common.yaml.ConfigException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * security.jwt and security.apiKeys.issuers as gateway.yaml gives them: defaults, the whole shape,
 * and every problem named with file, line, key and the fix, key files included (read at load).
 */
class JwtSettingsTest {
    @TempDir
    Path dir;
    JwtFixture fx;

    @BeforeEach
    void setUp() {
        fx = new JwtFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> fx.settings(yaml)).problems();
    }

    private static void assertProblem(List<String> problems, String regex) {
        assertTrue(problems.stream().anyMatch(p -> p.matches("(?s)" + regex)), "no problem like " + regex + " in " + problems);
    }

    @Test
    void defaultsWithoutAJwtSection() throws Exception {
        JwtSettings settings = fx.settings("security:\n  removeCredential: true\n");
        assertEquals(JwtSettings.DEFAULT, settings);
        assertEquals(10_000, settings.cacheSize());
        assertEquals(60, settings.skewSeconds());
    }

    @Test
    void theWholeShapeWithPathsRelativeToTheFile() throws Exception {
        TestKeys.jwks(dir, "keys/idp.jwks", TestKeys.ec("a", Curve.P_256), TestKeys.ed25519("b"));
        TestKeys.publicKeyPem(dir, "keys/idp.pem", TestKeys.ec(null, Curve.P_384));
        JwtSettings settings = fx.settings("""
                security:
                  jwt:
                    cacheSize: 500
                    skewSeconds: 5
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        audiences: [gw, http://org.wso2.apimgt/gateway]
                        jwks: [keys/idp.jwks]
                        certificates: [keys/idp.pem]
                        scopeClaim: scopes
                        consumerKeyClaim: aud
                        validateSubscription: true
                  apiKeys:
                    issuers:
                      - issuer: https://localhost:9095/apikey
                        certificates: [keys/idp.pem]
                """);
        assertEquals(500, settings.cacheSize());
        assertEquals(5, settings.skewSeconds());
        JwtIssuer idp = settings.issuers().get(0);
        assertEquals(List.of("gw", "http://org.wso2.apimgt/gateway"), idp.audiences());
        assertEquals(3, idp.keys().size());
        assertEquals("scopes", idp.scopeClaim());
        assertEquals("aud", idp.consumerKeyClaim());
        assertTrue(idp.validateSubscription());
        assertFalse(idp.validateAllowedApis());
        JwtIssuer keys = settings.apiKeyIssuers().get(0);
        assertEquals("scope", keys.scopeClaim());
        assertEquals("azp", keys.consumerKeyClaim());
        assertFalse(keys.validateSubscription());
        assertTrue(keys.validateAllowedApis(), "on by default for API keys, as WSO2's validateAllowedAPIs");
    }

    @Test
    void aMissingKeyFileIsAProblemOfTheFileNamingThePath() {
        List<String> problems = problems("""
                security:
                  jwt:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [keys/missing.jwks]
                """);
        assertProblem(problems, ".*gateway\\.yaml:5:\\d+: security\\.jwt\\.issuers\\[0\\]\\.jwks\\[0\\]: file .*keys/missing\\.jwks does not exist.*");
    }

    @Test
    void unusableKeyFilesAreProblemsWithTheFix() throws Exception {
        TestKeys.write(dir.resolve("bad.jwks"), "{\"keys\": [ {\"kty\": \"RSA\"");
        TestKeys.write(dir.resolve("secret.jwks"), "{\"keys\":[" + new OctetSequenceKey.Builder(new byte[32]).keyID("hs").build().toJSONString() + "]}");
        TestKeys.write(dir.resolve("private.jwks"), "{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) TestKeys.rsaPair().getPublic())
                .privateKey(TestKeys.rsaPair().getPrivate()).keyID("p").build().toJSONString() + "]}");
        TestKeys.write(dir.resolve("small.jwks"), "{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) TestKeys.newRsaPair(1024).getPublic())
                .keyID("small").build().toJSONString() + "]}");
        TestKeys.write(dir.resolve("private.pem"), TestKeys.pem(TestKeys.rsaPair().getPrivate()));
        TestKeys.write(dir.resolve("empty.pem"), "not a pem\n");
        List<String> problems = problems("""
                security:
                  jwt:
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [bad.jwks, secret.jwks, private.jwks, small.jwks]
                        certificates: [private.pem, empty.pem]
                """);
        assertProblem(problems, ".*:5:\\d+: security\\.jwt\\.issuers\\[0\\]\\.jwks\\[0\\]: file .*bad\\.jwks: not a JWKS.*fix: .*");
        assertProblem(problems, ".*jwks\\[1\\]: file .*secret\\.jwks: .*no shared secrets.*fix: .*");
        assertProblem(problems, ".*jwks\\[2\\]: file .*private\\.jwks: .*private key material.*");
        assertProblem(problems, ".*jwks\\[3\\]: file .*small\\.jwks: .*1024 bits; at least 2048.*");
        assertProblem(problems, ".*:6:\\d+: .*certificates\\[0\\]: file .*private\\.pem: .*BEGIN PUBLIC KEY.*fix: .*");
        assertProblem(problems, ".*certificates\\[1\\]: file .*empty\\.pem: holds no PEM certificate.*");
        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void typosMissingIssuersAndDuplicatesAreProblems() throws Exception {
        TestKeys.jwks(dir, "k.jwks", TestKeys.ed25519("k"));
        List<String> problems = problems("""
                security:
                  jwt:
                    cacheSize: -1
                    issuer: https://idp.test
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        jwks: [k.jwks]
                        validateAllowedApis: true
                      - jwks: [k.jwks]
                      - issuer: https://idp.test/oauth2/token
                        audiences: gw
                  apiKeys:
                    issuers: {issuer: x}
                """);
        assertProblem(problems, ".*:3:\\d+: security\\.jwt\\.cacheSize: must be a whole number from 0 to 1000000.*");
        assertProblem(problems, ".*:4:\\d+: security\\.jwt\\.issuer: unknown key; expected one of cacheSize, issuers, skewSeconds");
        assertProblem(problems, ".*:8:\\d+: security\\.jwt\\.issuers\\[0\\]\\.validateAllowedApis: unknown key.*");
        assertProblem(problems, ".*security\\.jwt\\.issuers\\[1\\]: needs issuer.*");
        assertProblem(problems, ".*:10:\\d+: security\\.jwt\\.issuers\\[2\\]\\.issuer: issuer https://idp\\.test/oauth2/token is listed twice.*");
        assertProblem(problems, ".*security\\.apiKeys\\.issuers: must be a list of issuers.*");
        assertEquals(6, problems.size(), problems.toString());
    }
}
