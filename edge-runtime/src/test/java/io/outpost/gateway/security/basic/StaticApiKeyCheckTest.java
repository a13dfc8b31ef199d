package io.outpost.gateway.security.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static API keys read from a gateway.yaml and checked as a request would present them. */
class StaticApiKeyCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ApiRef PIZZA = new ApiRef("PizzaShack", "1.0.0", "/pizzashack/1.0.0");
    private static final ApiRef PIZZA_2 = new ApiRef("PizzaShack", "2.0.0", "/pizzashack/2.0.0");
    private static final ApiRef ORDERS = new ApiRef("Orders", "v2", "/orders");

    private final ApiKeyHash.Generated kiosk = ApiKeyHash.generate(RANDOM);
    private final ApiKeyHash.Generated partner = ApiKeyHash.generate(RANDOM);
    private final ApiKeyHash.Generated unlisted = ApiKeyHash.generate(RANDOM);
    private CredentialCheck check;

    @TempDir
    Path dir;

    @BeforeEach
    void read() {
        ConfigFixture config = ConfigFixture.read(dir, """
                security:
                  apiKeys:
                    static:
                      - name: kiosk-7
                        hash: '%s'
                        apis: ['PizzaShack:1.0.0']
                        keyType: SANDBOX
                        application: kiosks
                        tier: Gold
                      - name: partner
                        hash: '%s'
                """.formatted(kiosk.hash().encoded(), partner.hash().encoded()));
        assertEquals(List.of(), config.problems());
        check = BasicChecks.staticApiKey(config.settings());
    }

    private static void assertRefused(Faults.Fault expected, Check check) {
        Faults.Fault fault = assertInstanceOf(Check.Refused.class, check).fault();
        assertEquals(expected.code(), fault.code());
        assertEquals(expected.status(), fault.status());
    }

    @Test
    void aListedKeyIsAcceptedAtOnceWithItsIdentity() {
        Identity identity = assertInstanceOf(Check.Accepted.class, check.check(kiosk.key(), PIZZA)).identity();
        assertEquals(new Identity("kiosk-7", "kiosks", "kiosks", "Unlimited", "Gold", "SANDBOX", List.of(), java.util.Map.of()),
                identity);
        Identity p = assertInstanceOf(Check.Accepted.class, check.check(partner.key(), ORDERS)).identity();
        assertEquals("partner", p.subject());
        assertEquals("PRODUCTION", p.keyType());
    }

    @Test
    void apisRestrictAKeyAnEmptyListAllowsEvery() {
        assertRefused(Faults.notSubscribed(), check.check(kiosk.key(), PIZZA_2));
        assertRefused(Faults.notSubscribed(), check.check(kiosk.key(), ORDERS));
        assertInstanceOf(Check.Accepted.class, check.check(partner.key(), PIZZA_2));
    }

    @Test
    void anythingElseIsInvalid() {
        String key = kiosk.key();
        String flipped = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        String otherIdSameSecret = partner.key().substring(0, 21) + key.substring(21);
        for (String bad : new String[] {unlisted.key(), flipped, otherIdSameSecret, key + "A", key.substring(0, 30),
                key.toUpperCase(), kiosk.hash().encoded(), "opk_", "eyJ.a.b", "x"}) {
            assertRefused(Faults.invalidCredentials(), check.check(bad, PIZZA));
        }
    }

    @Test
    void withNoKeysEveryKeyIsInvalid() {
        assertRefused(Faults.invalidCredentials(), BasicChecks.staticApiKey(BasicSettings.DEFAULT).check(kiosk.key(), PIZZA));
    }
}
