package io.outpost.gateway.security.bundles;

import static io.outpost.gateway.updates.Bundles.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.outpost.common.bundle.content.Revocation;
import io.outpost.common.bundle.content.Revocation.Kind;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.updates.AppliedUpdates;
import io.outpost.gateway.updates.Bundles;
import io.outpost.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applied bundles as a generation's security sees them: the opaque-token check, revocations, keys. */
class TrustBundlesTest {
    private static final ApiRef PETS = new ApiRef("Pets", "1.0.0", "/pets");
    private static final ClockFloor CLOCK = ClockFloor.system();
    @TempDir
    Path state;

    private TrustBundles applied(Bundles bundles) {
        try (AppliedUpdates updates = new AppliedUpdates(bundles.store(), bundles.publicKey()).load()) {
            return TrustBundles.from(updates, CLOCK);
        }
    }

    private static long now() {
        return CLOCK.nowSeconds();
    }

    @Test
    void aListedOpaqueTokenGivesItsIdentityForASubscribedApi() throws Exception {
        Bundles bundles = new Bundles(state);
        bundles.install("opaque-tokens", 1, "[" + token("tok-alice", "alice", "Pets", now() + 3600) + "]");
        TrustBundles trust = applied(bundles);

        Identity id = assertInstanceOf(Check.Accepted.class, trust.opaqueTokens().check("tok-alice", PETS)).identity();
        assertEquals(new Identity("alice", "app-alice", "App alice", "Gold", "Unlimited", "PRODUCTION", List.of("read"),
                Map.of("client_id", "client-alice")), id);
        assertEquals(900908, refused(trust.opaqueTokens().check("tok-alice", new ApiRef("Pets", "2.0.0", "/pets/2"))));
        assertEquals(403, ((Check.Refused) trust.opaqueTokens().check("tok-alice", new ApiRef("Stores", "1.0.0", "/s")))
                .fault().status().code());
        assertEquals(900901, refused(trust.opaqueTokens().check("tok-unknown", PETS)), "offline: an unknown token is invalid");
        assertEquals(900901, refused(trust.opaqueTokens().check("tok-alice ", PETS)), "a different string hashes differently");
    }

    @Test
    void anExpiredOrRevokedOpaqueTokenIsInvalid() throws Exception {
        Bundles bundles = new Bundles(state);
        bundles.install("opaque-tokens", 1, "[" + token("tok-old", "old", "Pets", now() - 1) + ","
                + token("tok-bob", "bob", "Pets", now() + 3600) + "," + token("tok-carol", "carol", "Pets", now() + 3600) + ","
                + token("tok-dave", "dave", "Pets", now() + 3600) + "]");
        bundles.install("revocations", 1, "[{'subject': 'bob', 'expiresAt': %d}, {'clientId': 'client-carol', 'expiresAt': %d},"
                .formatted(now() + 3600, now() + 3600) + "{'subject': 'dave', 'expiresAt': %d}]".formatted(now() - 5));
        TrustBundles trust = applied(bundles);
        assertEquals(900901, refused(trust.opaqueTokens().check("tok-old", PETS)));
        assertEquals(900901, refused(trust.opaqueTokens().check("tok-bob", PETS)), "subject revoked");
        assertEquals(900901, refused(trust.opaqueTokens().check("tok-carol", PETS)), "client revoked");
        assertInstanceOf(Check.Accepted.class, trust.opaqueTokens().check("tok-dave", PETS), "a revocation past its expiry is ignored");
    }

    @Test
    void revocationsPruneThemselvesByTheirOwnExpiry() {
        long now = 1_000_000;
        RevocationTable table = RevocationTable.of(List.of(
                new Revocation(Kind.JTI, "j1", now + 10),
                new Revocation(Kind.JTI, "j1", now + 20),
                new Revocation(Kind.JTI, "gone", now),
                new Revocation(Kind.SUBJECT, "s", now + 5)),
                now);
        assertEquals(2, table.size(), "an entry already past its expiry is not even kept");
        assertTrue(table.revoked("j1", null, null, now + 15), "listed twice: the later expiry holds");
        assertFalse(table.revoked("j1", null, null, now + 20), "judged at each lookup: past its expiry it means nothing");
        assertTrue(table.revoked(null, "s", null, now));
        assertTrue(table.revoked("other", "s", "c", now), "any of the three names revokes");
        assertFalse(table.revoked(null, "s", null, now + 5));
        assertFalse(table.revoked("gone", null, null, now - 100));
        assertFalse(table.revoked(null, null, null, now));
    }

    @Test
    void keysAddIssuersCasAndFingerprints() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("rotated-in").generate();
        TestCa ca = TestCa.create(state.resolve("ca"));
        String pem = Files.readString(ca.caPem()).replace("\n", "\\n");
        String fp = Bundles.sha256("x");
        Bundles bundles = new Bundles(state);
        bundles.install("keys", 1, """
                {'issuers': [{'issuer': 'https://idp/', 'keys': {'keys': [%s]}}],
                 'apiKeyIssuers': [{'issuer': 'apim', 'keys': {'keys': [%s]}}],
                 'clientCas': ['%s'], 'pinnedFingerprints': [{'api': 'Pets:1.0.0', 'sha256': ['%s']}]}
                """.formatted(key.toPublicJWK().toJSONString(), key.toPublicJWK().toJSONString(), pem, fp));
        TrustBundles trust = applied(bundles);
        assertEquals(key.toPublicJWK(), trust.issuerKeys().get("https://idp/").getKeyByKeyId("rotated-in"));
        assertEquals(key.toPublicJWK(), trust.apiKeyIssuerKeys().get("apim").getKeyByKeyId("rotated-in"));
        assertEquals(List.of(ca.certificate()), trust.clientCas());
        assertEquals(Map.of("Pets:1.0.0", Set.of(fp)), trust.pinnedFingerprints());
    }

    @Test
    void nothingAppliedTrustsNothingMore() {
        TrustBundles trust = applied(new Bundles(state));
        assertEquals(Map.of(), trust.issuerKeys());
        assertEquals(List.of(), trust.clientCas());
        assertFalse(trust.revocations().revoked("j", "s", "c", now()));
        assertEquals(900901, refused(trust.opaqueTokens().check("anything", PETS)));
    }

    private static int refused(Check check) {
        return assertInstanceOf(Check.Refused.class, check).fault().code();
    }
}
