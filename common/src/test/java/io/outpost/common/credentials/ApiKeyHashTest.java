package io.outpost.common.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aGeneratedKeyMatchesItsStoredLineAndNothingElse() {
        ApiKeyHash.Generated made = ApiKeyHash.generate(RANDOM);
        assertTrue(made.key().matches("opk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), made.key());
        ApiKeyHash stored = ApiKeyHash.parse(made.hash().encoded());
        assertEquals(made.hash().keyId(), stored.keyId());
        assertEquals(stored.keyId(), ApiKeyHash.keyIdOf(made.key()));
        assertTrue(stored.matches(made.key()));
        assertFalse(stored.matches(made.key() + "x"));
        assertFalse(stored.matches(made.key().substring(0, made.key().length() - 1)
                + (made.key().endsWith("A") ? "B" : "A")));
        assertFalse(made.hash().encoded().contains(made.key().substring(21)), "the secret is never in the stored line");
    }

    @Test
    void twoKeysDifferInIdSaltAndHash() {
        ApiKeyHash.Generated a = ApiKeyHash.generate(RANDOM);
        ApiKeyHash.Generated b = ApiKeyHash.generate(RANDOM);
        assertNotEquals(a.key(), b.key());
        assertNotEquals(a.hash().keyId(), b.hash().keyId());
        assertFalse(a.hash().matches(b.key()));
    }

    @Test
    void keyIdIsReadOnlyFromKeysShapedAsOurs() {
        assertEquals("0123456789abcdef", ApiKeyHash.keyIdOf("opk_0123456789abcdef_secret"));
        assertNull(ApiKeyHash.keyIdOf(null));
        assertNull(ApiKeyHash.keyIdOf("opk_0123456789abcdef_"));
        assertNull(ApiKeyHash.keyIdOf("opk_0123456789ABCDEF_secret"));
        assertNull(ApiKeyHash.keyIdOf("opk_0123456789abcde_secret"));
        assertNull(ApiKeyHash.keyIdOf("xpk_0123456789abcdef_secret"));
        assertNull(ApiKeyHash.keyIdOf("eyJhbGciOi.x.y"));
    }

    @Test
    void storedLinesOfAnotherShapeAreRefused() {
        for (String bad : new String[] {"", "sha256:abc", "sha1:0123456789abcdef:AAAAAAAAAAAAAAAAAAAAAA:"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "sha256:0123456789abcdef:AAAA:AAAA",
                "opk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            String message = assertThrows(CredentialFormatException.class, () -> ApiKeyHash.parse(bad)).getMessage();
            assertTrue(message.contains("outpost hash-password --api-key"), message);
        }
        assertThrows(CredentialFormatException.class, () -> ApiKeyHash.parse(null));
    }
}
