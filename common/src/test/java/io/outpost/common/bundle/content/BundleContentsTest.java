package io.outpost.common.bundle.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.outpost.common.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three contents as both the publisher and the gateway read them: the shapes and every refusal, named by field. */
class BundleContentsTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; // sha256("test")

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static List<String> problems(String type, String content) throws Exception {
        return assertThrows(InvalidContentException.class, () -> BundleContents.parse(type, json(content))).problems();
    }

    @Test
    void opaqueTokensParseWithTheirDefaults() throws Exception {
        @SuppressWarnings("unchecked")
        List<OpaqueToken> tokens = (List<OpaqueToken>) BundleContents.parse("opaque-tokens", json("""
                [{'sha256': '%s', 'subject': 'alice', 'clientId': 'c1', 'scopes': ['read'], 'expiresAt': '2030-01-01T00:00:00Z',
                  'keyType': 'sandbox', 'application': {'id': 'app-1', 'name': 'Shop', 'tier': 'Gold'},
                  'subscriptions': [{'name': 'Pets', 'version': '1.0.0', 'tier': 'Unlimited'}]},
                 {'sha256': '%s', 'subject': 'bob', 'expiresAt': 1900000000, 'subscriptions': []}]
                """.formatted(SHA.toUpperCase(), SHA.replace('9', '8'))));
        OpaqueToken alice = tokens.get(0);
        assertEquals(SHA, alice.sha256(), "hex is kept lower-case");
        assertEquals(1893456000L, alice.expiresAt());
        assertEquals("SANDBOX", alice.keyType());
        assertEquals(new OpaqueToken.Application("app-1", "Shop", "Gold"), alice.application());
        assertEquals("Unlimited", alice.subscriptionTo("Pets", "1.0.0").tier());
        assertEquals(null, alice.subscriptionTo("Pets", "2.0.0"));
        OpaqueToken bob = tokens.get(1);
        assertEquals("PRODUCTION", bob.keyType());
        assertEquals(List.of(), bob.scopes());
        assertEquals(null, bob.clientId());
    }

    @Test
    void everyBadFieldOfATokenIsNamedAndTheHashIsNeverEchoed() throws Exception {
        List<String> p = problems("opaque-tokens", """
                [{'sha256': 'the-raw-token-by-mistake', 'subject': '', 'expiresAt': 'tomorrow', 'keyType': 'TEST',
                  'subscriptions': [{'name': 'Pets'}], 'owner': 'x'},
                 'not an object']
                """);
        String all = String.join("\n", p);
        assertTrue(all.contains("[0].sha256: must be the SHA-256 of the token"), all);
        assertFalse(all.contains("the-raw-token-by-mistake"), all);
        assertTrue(all.contains("[0].subject: must be a non-empty string"), all);
        assertTrue(all.contains("[0].expiresAt: must be seconds since the epoch or an ISO-8601 instant"), all);
        assertTrue(all.contains("[0].keyType: must be PRODUCTION or SANDBOX"), all);
        assertTrue(all.contains("[0].subscriptions[0].version: is required"), all);
        assertTrue(all.contains("[0].owner: unknown field"), all);
        assertTrue(all.contains("[1]: must be an object"), all);
        assertTrue(problems("opaque-tokens", "[{'sha256': '%s', 'subject': 'a', 'expiresAt': 1}]".formatted(SHA))
                .contains("[0].subscriptions: is required"));
        assertTrue(problems("opaque-tokens", "{'tokens': []}").get(0).startsWith("(content): must be a list"));
    }

    @Test
    void theSameTokenListedTwiceIsRefused() throws Exception {
        String entry = "{'sha256': '%s', 'subject': 'a', 'expiresAt': 1, 'subscriptions': []}".formatted(SHA);
        assertEquals(List.of("[1].sha256: the same token is listed twice"), problems("opaque-tokens", "[" + entry + "," + entry + "]"));
    }

    @Test
    void revocationsNameExactlyOneThingEachWithItsExpiry() throws Exception {
        @SuppressWarnings("unchecked")
        List<Revocation> list = (List<Revocation>) BundleContents.parse("revocations", json("""
                [{'jti': 'j1', 'expiresAt': 100}, {'subject': 'alice', 'expiresAt': '1970-01-01T00:03:20Z'}, {'clientId': 'c1', 'expiresAt': 300}]
                """));
        assertEquals(List.of(new Revocation(Revocation.Kind.JTI, "j1", 100), new Revocation(Revocation.Kind.SUBJECT, "alice", 200),
                new Revocation(Revocation.Kind.CLIENT_ID, "c1", 300)), list);
        List<String> p = problems("revocations", "[{'jti': 'j1', 'subject': 's'}, {'expiresAt': 5}, {'jti': 'x', 'expiresAt': -1}]");
        assertTrue(p.contains("[0]: names both jti and subject; give each its own entry"), p.toString());
        assertTrue(p.contains("[0].expiresAt: is required"), p.toString());
        assertTrue(p.contains("[1]: must name one of jti, subject or clientId"), p.toString());
        assertTrue(p.get(3).startsWith("[2].expiresAt: must be seconds since the epoch"), p.toString());
        assertEquals(List.of("[0].revokedJtis: unknown field; expected one of clientId, expiresAt, jti, subject",
                "[0]: must name one of jti, subject or clientId", "[0].expiresAt: is required"),
                problems("revocations", "[{'revokedJtis': ['a1']}]"));
    }

    @Test
    void keysCarryPublicSigningKeysCasAndFingerprints() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        TrustKeys keys = (TrustKeys) BundleContents.parse("keys", json("""
                {'issuers': [{'issuer': 'https://idp.example/', 'keys': {'keys': [%s]}}],
                 'apiKeyIssuers': [{'issuer': 'apim', 'keys': {'keys': []}}],
                 'pinnedFingerprints': [{'api': 'Pets:1.0.0', 'sha256': ['%s', '%s']}]}
                """.formatted(ec.toPublicJWK().toJSONString().replace('"', '\''), SHA.toUpperCase(), colons(SHA))));
        assertEquals("k1", keys.issuers().get("https://idp.example/").getKeyByKeyId("k1").getKeyID());
        assertTrue(keys.apiKeyIssuers().get("apim").getKeys().isEmpty());
        assertEquals(List.of(), keys.clientCas());
        assertEquals(Set.of(SHA), keys.pinnedFingerprints().get("Pets:1.0.0"));
        assertEquals(TrustKeys.NONE, BundleContents.parse("keys", json("{}")));
    }

    @Test
    void privateSymmetricOrEncryptionKeysAndBadCertificatesAreRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).generate();
        ECKey enc = new ECKeyGenerator(Curve.P_256).keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).generate().toPublicJWK();
        List<String> p = problems("keys", """
                {'issuers': [{'issuer': 'a', 'keys': {'keys': [%s, %s, %s, {'kty': 'RSA'}]}}, {'issuer': 'a', 'keys': {'keys': []}}],
                 'clientCas': ['-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n'],
                 'pinnedFingerprints': [{'api': 'Pets', 'sha256': ['abc']}], 'extra': 1}
                """.formatted(ec.toJSONString(), hmac.toJSONString(), enc.toJSONString()).replace('"', '\''));
        String all = String.join("\n", p);
        assertTrue(all.contains("issuers[0].keys.keys[0]: holds a private key"), all);
        assertTrue(all.contains("issuers[0].keys.keys[1]: a symmetric (oct) key cannot be trusted"), all);
        assertTrue(all.contains("issuers[0].keys.keys[2]: has \"use\": \"enc\""), all);
        assertTrue(all.contains("issuers[0].keys.keys[3]: not a JWK"), all);
        assertTrue(all.contains("issuers[1].issuer: 'a' is listed twice"), all);
        assertTrue(all.contains("clientCas[0]: not a PEM certificate"), all);
        assertTrue(all.contains("pinnedFingerprints[0].api: must be the API's Name:Version"), all);
        assertTrue(all.contains("pinnedFingerprints[0].sha256[0]: must be a SHA-256 fingerprint"), all);
        assertTrue(all.contains("extra: unknown field"), all);
    }

    @Test
    void aHugeBadTableGivesAShortMessage() throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            b.append(i == 0 ? "" : ",").append("{'subject': 'x'}");
        }
        List<String> p = problems("opaque-tokens", b.append("]").toString());
        assertEquals(21, p.size());
        assertTrue(p.get(20).matches("and \\d+ more problems"), p.get(20));
    }

    private static String colons(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return b.toString();
    }
}
