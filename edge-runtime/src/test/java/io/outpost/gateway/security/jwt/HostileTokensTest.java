package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static io.outpost.gateway.security.jwt.JwtFixture.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus of issue 12: each token is refused with 401 / 900901 and nothing that helps
 * the sender, and a good token still passes after each (the check keeps working).
 */
class HostileTokensTest {
    static final TestKeys.Signing RSA = TestKeys.rsa("rsa-1", JWSAlgorithm.RS256);
    static final TestKeys.Signing P256 = TestKeys.ec("p256", Curve.P_256);
    static final TestKeys.Signing ED = TestKeys.ed25519("ed");
    static final TestKeys.Signing ATTACKER = TestKeys.ec("p256", Curve.P_256);

    @TempDir
    Path dir;
    JwtFixture fx;
    CredentialCheck check;
    final Set<String> revoked = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() throws Exception {
        fx = new JwtFixture(dir);
        TestKeys.jwks(dir, "keys/idp.jwks", RSA, P256, ED);
        Revocations revocations = (jti, sub, client, now) -> revoked.contains("jti:" + jti) || revoked.contains("sub:" + sub)
                || revoked.contains("client:" + client);
        check = fx.bearer(fx.settings("""
                security:
                  jwt:
                    skewSeconds: 60
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        audiences: [http://org.wso2.apimgt/gateway]
                        jwks: [keys/idp.jwks]
                """), new TrustBundles(Map.of(), revocations, SecurityMaterial.NOT_CONFIGURED));
    }

    @AfterEach
    void stillServing() {
        assertTrue(accepted(check.check(Tokens.sign(RSA, Tokens.claims(fx.now())), PIZZA)), "a good token still passes");
        fx.close();
    }

    private void refused(String token) {
        Check result = check.check(token, PIZZA);
        Check.Refused refusal = org.junit.jupiter.api.Assertions.assertInstanceOf(Check.Refused.class, result);
        assertEquals(Faults.invalidCredentials(), refusal.fault());
    }

    private Map<String, Object> claims() {
        return Tokens.claims(fx.now());
    }

    private String payload() {
        return JSONObjectUtils.toJSONString(claims());
    }

    @Test
    void algNone() {
        String unsigned = Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64(payload()) + ".";
        refused(unsigned);
        refused(unsigned + "c2ln");
        refused(Tokens.b64("{\"alg\":\"None\",\"kid\":\"rsa-1\"}") + "." + Tokens.b64(payload()) + ".c2ln");
    }

    @Test
    void hs256SignedWithTheRsaPublicKey() throws Exception {
        byte[] der = RSA.pair().getPublic().getEncoded();
        byte[] pem = TestKeys.pem(RSA.pair().getPublic()).getBytes(StandardCharsets.US_ASCII);
        byte[] jwkJson = RSA.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8);
        for (byte[] secret : List.of(der, pem, jwkJson)) {
            for (JWSAlgorithm hs : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
                TestKeys.Signing mac = new TestKeys.Signing("rsa-1", hs, new MACSigner(secret), null, null, null);
                refused(Tokens.sign(mac, claims()));
            }
        }
    }

    @Test
    void unknownKid() {
        refused(Tokens.sign(TestKeys.ec("nobody", Curve.P_256), claims()));
        // A trusted key's signature under a kid the issuer does not have: no key is looked for beyond the kid.
        TestKeys.Signing renamed = new TestKeys.Signing("nobody", P256.alg(), P256.signer(), null, null, null);
        refused(Tokens.sign(renamed, claims()));
        // A kid of another kind of key: the RSA key does not verify ES256.
        TestKeys.Signing rsaKid = new TestKeys.Signing("rsa-1", P256.alg(), P256.signer(), null, null, null);
        refused(Tokens.sign(rsaKid, claims()));
    }

    @Test
    void keyReferenceHeadersAreRefusedEvenWhenTheSignatureIsGood() throws Exception {
        refused(Tokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256")
                .jwkURL(URI.create("https://attacker.test/jwks.json")).build(), claims()));
        refused(Tokens.sign(P256, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256")
                .jwkURL(URI.create("https://attacker.test/jwks.json")).build(), claims()));
        refused(Tokens.sign(P256, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256")
                .x509CertURL(URI.create("https://attacker.test/cert.pem")).build(), claims()));
        refused(Tokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256")
                .jwk(ATTACKER.publicJwk()).build(), claims()));
        refused(Tokens.sign(P256, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256")
                .jwk(P256.publicJwk()).build(), claims()));
    }

    @Test
    void x5cNeverChoosesTheKey() throws Exception {
        Path attackerCert = TestKeys.certificatePem(dir, "attacker.pem", TestKeys.ec(null, Curve.P_256));
        String der = attackerCertDer(attackerCert);
        JWSHeader withX5c = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p256").x509CertChain(List.of(new Base64(der))).build();
        refused(Tokens.sign(ATTACKER, withX5c, claims()));
        assertTrue(accepted(check.check(Tokens.sign(P256, withX5c, claims()), PIZZA)), "x5c is ignored, not refused");
    }

    private static String attackerCertDer(Path pem) throws Exception {
        String text = java.nio.file.Files.readString(pem);
        return text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    @Test
    void tamperedPayloadWithTheOldSignature() {
        String token = Tokens.sign(RSA, claims());
        String[] parts = token.split("\\.");
        Map<String, Object> more = claims();
        more.put("sub", "admin");
        more.put("scope", "admin");
        refused(parts[0] + "." + Tokens.b64(JSONObjectUtils.toJSONString(more)) + "." + parts[2]);
        // The same JSON with one more space: other bytes, the same meaning, still not what was signed.
        String spaced = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8).replaceFirst(",", ", ");
        refused(parts[0] + "." + Tokens.b64(spaced) + "." + parts[2]);
        // The header swapped for another algorithm of the same key.
        refused(Tokens.b64("{\"alg\":\"PS256\",\"kid\":\"rsa-1\"}") + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void anotherSpellingOfTheSignatureIsRefused() {
        String token = Tokens.sign(RSA, claims());
        assertTrue(accepted(check.check(token, PIZZA)));
        // 256 signature bytes take 342 base64url characters: the last one's low 4 bits are padding.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        char variant = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = token.substring(0, token.length() - 1) + variant;
        assertEquals(Base64URL.from(token.substring(token.lastIndexOf('.') + 1)).decode().length,
                Base64URL.from(respelled.substring(respelled.lastIndexOf('.') + 1)).decode().length);
        refused(respelled);
    }

    @Test
    void ecdsaSignaturesOfZerosOrOfTheWrongShape() throws Exception {
        String token = Tokens.sign(P256, claims());
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        refused(signingInput + "." + Base64URL.encode(new byte[64])); // r = s = 0, CVE-2022-21449's "psychic signature"
        byte[] rs = Base64URL.from(token.substring(token.lastIndexOf('.') + 1)).decode();
        refused(signingInput + "." + Base64URL.encode(java.util.Arrays.copyOf(rs, 63)));
        refused(signingInput + "." + Base64URL.encode(com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(rs)));
        byte[] zeroS = rs.clone();
        System.arraycopy(new byte[32], 0, zeroS, 32, 32);
        refused(signingInput + "." + Base64URL.encode(zeroS));
    }

    @Test
    void expiredNotYetValidAndIssuedInTheFuture() {
        Map<String, Object> expired = claims();
        expired.put("exp", fx.now() - 61);
        refused(Tokens.sign(RSA, expired));
        expired.put("exp", fx.now() - 59);
        assertTrue(accepted(check.check(Tokens.sign(RSA, expired), PIZZA)), "within the skew");
        Map<String, Object> early = claims();
        early.put("nbf", fx.now() + 61);
        refused(Tokens.sign(RSA, early));
        Map<String, Object> future = claims();
        future.put("iat", fx.now() + 3600);
        refused(Tokens.sign(RSA, future));
        Map<String, Object> noExp = claims();
        noExp.remove("exp");
        refused(Tokens.sign(RSA, noExp));
        for (Object bad : List.of("99999999999", 1e30, -5, true, List.of(fx.now() + 100))) {
            Map<String, Object> wrong = claims();
            wrong.put("exp", bad);
            refused(Tokens.sign(RSA, wrong));
        }
    }

    @Test
    void wrongAudienceAndWrongIssuer() {
        Map<String, Object> aud = claims();
        aud.put("aud", "http://somebody.else/gateway");
        refused(Tokens.sign(RSA, aud));
        aud.put("aud", List.of("a", "b"));
        refused(Tokens.sign(RSA, aud));
        aud.remove("aud");
        refused(Tokens.sign(RSA, aud));
        Map<String, Object> iss = claims();
        iss.put("iss", "https://attacker.test/token");
        refused(Tokens.sign(RSA, iss));
        iss.put("iss", List.of(Tokens.ISSUER));
        refused(Tokens.sign(RSA, iss));
        iss.remove("iss");
        refused(Tokens.sign(RSA, iss));
    }

    @Test
    void revokedByJtiSubjectOrClient() {
        Map<String, Object> claims = claims();
        claims.put("azp", "client-9");
        String token = Tokens.sign(RSA, claims);
        assertTrue(accepted(check.check(token, PIZZA)));
        revoked.add("jti:" + claims.get("jti"));
        refused(token);
        revoked.clear();
        assertTrue(accepted(check.check(token, PIZZA)));
        revoked.add("sub:alice");
        refused(token);
        revoked.clear();
        revoked.add("client:client-9");
        refused(token);
        revoked.clear();
    }

    @Test
    void badBase64AndBadJson() {
        String token = Tokens.sign(RSA, claims());
        String[] parts = token.split("\\.");
        refused(parts[0] + "." + parts[1] + "!" + "." + parts[2]);
        refused(parts[0] + "." + parts[1].replace('-', '+').replace('_', '/') + "x+/." + parts[2]);
        refused(parts[0] + "==." + parts[1] + "." + parts[2]);
        refused(parts[0] + "." + parts[1] + "." + parts[2] + " ");
        refused(parts[0] + "." + parts[1]);
        refused(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]);
        refused("..");
        refused("a.b.c");
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "{\"iss\": \"" + Tokens.ISSUER + "\", \"exp\": "));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "[1, 2, 3]"));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"", payload()));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "\u00ff\u00fe not json"));
    }

    @Test
    void duplicateClaimsCannotSmuggleALaterExpiry() {
        long past = fx.now() - 3600;
        long future = fx.now() + 3600;
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}";
        String body = "\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"alice\"";
        refused(Tokens.raw(RSA, header, "{" + body + ",\"exp\":" + past + ",\"exp\":" + future + "}"));
        refused(Tokens.raw(RSA, header, "{" + body + ",\"exp\":" + future + ",\"exp\":" + past + "}"));
        refused(Tokens.raw(RSA, header, "{" + body + ",\"exp\":" + future + ",\"iss\":\"https://attacker.test\"}"));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa-1\"}", "{" + body + ",\"exp\":" + future + "}"));
        assertTrue(accepted(check.check(Tokens.raw(RSA, header, "{" + body + ",\"exp\":" + future + "}"), PIZZA)));
    }

    @Test
    void criticalAndUnencodedPayloadHeaders() {
        String body = payload();
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"exp\"],\"exp\":1}", body));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":false,\"crit\":[\"b64\"]}", body));
        refused(Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":false}", body));
    }

    @Test
    void huge64KibTokensAreRefusedInBoundedTime() {
        Map<String, Object> big = claims();
        big.put("padding", "x".repeat(48 * 1024));
        String signedBig = Tokens.sign(RSA, big);
        assertTrue(signedBig.length() >= 64 * 1024, "64 KiB: " + signedBig.length());
        String garbage = "a".repeat(32 * 1024) + "." + "b".repeat(16 * 1024) + "." + "c".repeat(16 * 1024);
        String deep = Tokens.raw(RSA, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 100; i++) {
                refused(signedBig);
                refused(garbage);
                refused(deep);
            }
        });
    }

    @Test
    void theRefusalIsTheSameWhateverTheReason() {
        Map<String, Object> expired = claims();
        expired.put("exp", fx.now() - 3600);
        Check a = check.check(Tokens.sign(RSA, expired), PIZZA);
        Check b = check.check(Tokens.sign(ATTACKER, claims()), PIZZA);
        Check c = check.check("x.y.z", PIZZA);
        assertSame(a, b);
        assertSame(b, c);
        assertFalse(((Check.Refused) a).fault().description().contains("expired"));
    }
}
