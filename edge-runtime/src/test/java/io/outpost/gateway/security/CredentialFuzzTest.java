package io.outpost.gateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.CredentialFormatException;
import io.outpost.common.credentials.PasswordHash;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Coverage-guided fuzzing of what an attacker controls: bearer tokens, API keys, basic-auth
 * credentials, stored hash formats and query strings, through the checks the gateway really builds
 * from a gateway.yaml (an RS256 issuer and an API-key issuer with keys made here, a static key, a
 * bcrypt user). Each check must answer (never throw) and never accept what it was not given.
 * The default suite replays the seeds under src/test/resources (…/CredentialFuzzTestInputs/<method>/,
 * findings kept there); {@code fuzz/run.sh} fuzzes each method for a fixed time (JAZZER_FUZZ=1).
 */
class CredentialFuzzTest {
    private static final ApiRef API = new ApiRef("PetStoreAPI", "1.0.0", "/petstore/v1");
    private static final String USER_PASSWORD = "fuzz-user:correct horse";
    private static final SecurityMaterial MATERIAL = material();

    private static SecurityMaterial material() {
        try {
            Path dir = Files.createTempDirectory("outpost-fuzz");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            Files.writeString(dir.resolve("issuer.pem"), pem(rsa.generateKeyPair().getPublic().getEncoded()));
            Files.writeString(dir.resolve("keys.pem"), pem(rsa.generateKeyPair().getPublic().getEncoded()));
            String staticKey = ApiKeyHash.generate(new SecureRandom()).hash().encoded();
            String bcrypt = OpenBSDBCrypt.generate("2b", "correct horse".toCharArray(), new byte[16], 4);
            Path config = Files.writeString(dir.resolve("gateway.yaml"), """
                    stateDir: state
                    security:
                      jwt:
                        issuers:
                          - {issuer: 'https://issuer.example/token', audiences: [gw], certificates: [issuer.pem]}
                      apiKeys:
                        issuers:
                          - {issuer: 'https://issuer.example/apikey', certificates: [keys.pem]}
                        static:
                          - {name: kiosk, hash: '%s'}
                      basic:
                        users:
                          - {name: fuzz-user, password: '%s'}
                    """.formatted(staticKey, bcrypt));
            GatewayConfig loaded = GatewayConfigLoader.load(config);
            return SecurityMaterials.build(loaded, TrustBundles.NONE, ClockFloor.system());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** A check's final answer: a deferred one is awaited (a hash takes milliseconds). */
    private static Check settle(Check check) throws Exception {
        return check instanceof Check.Deferred deferred
                ? deferred.later().toCompletableFuture().get(10, TimeUnit.SECONDS) : check;
    }

    /** Nothing the fuzzer makes is signed by the issuers' keys: every token is refused, none throws. */
    @FuzzTest(maxDuration = "15s")
    void bearerTokens(FuzzedDataProvider data) throws Exception {
        assertInstanceOf(Check.Refused.class, settle(MATERIAL.bearer().check(data.consumeRemainingAsString(), API)));
    }

    /** Tokens of JWS shape whose header and claims are fuzzed JSON, so the parser gets past base64. */
    @FuzzTest(maxDuration = "15s")
    void jwsShapedTokens(FuzzedDataProvider data) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = data.consumeBoolean() ? "{\"alg\":\"RS256\",\"kid\":\"" + data.consumeString(40) + "\"}"
                : data.consumeString(200);
        String token = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(data.consumeString(400).getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(data.consumeRemainingAsBytes());
        assertInstanceOf(Check.Refused.class, settle(MATERIAL.bearer().check(token, API)));
        assertInstanceOf(Check.Refused.class, settle(MATERIAL.apiKey().check(token, API)));
    }

    @FuzzTest(maxDuration = "15s")
    void apiKeys(FuzzedDataProvider data) throws Exception {
        assertInstanceOf(Check.Refused.class, settle(MATERIAL.apiKey().check(data.consumeRemainingAsString(), API)));
    }

    /** Only the one configured user:password is accepted, whatever the fuzzer sends as base64 or not. */
    @FuzzTest(maxDuration = "15s")
    void basicCredentials(FuzzedDataProvider data) throws Exception {
        boolean encode = data.consumeBoolean();
        String raw = data.consumeRemainingAsString();
        String credential = encode ? Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)) : raw;
        Check answer = settle(MATERIAL.basic().check(credential, API));
        if (answer instanceof Check.Accepted) {
            assertTrue(encode && raw.equals(USER_PASSWORD), "accepted " + raw);
        }
    }

    /** A stored password or key hash is read, or refused with a format error: nothing else. */
    @FuzzTest(maxDuration = "15s")
    void storedHashFormats(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            PasswordHash.parse(text);
        } catch (CredentialFormatException expected) {
            // a clear error is the answer to a malformed hash
        }
        try {
            ApiKeyHash.parse(text);
        } catch (CredentialFormatException expected) {
            // likewise
        }
    }

    /** Taking a parameter out of a query leaves none of that name, and the others in their order. */
    @FuzzTest(maxDuration = "15s")
    void queryParameters(FuzzedDataProvider data) {
        String name = data.consumeString(20);
        String query = data.consumeRemainingAsString();
        String rest = QueryParameters.remove(query, name);
        if (rest != null) {
            assertNull(QueryParameters.find(rest, name), () -> "'" + name + "' left in '" + rest + "' from '" + query + "'");
            assertFalse(rest.isEmpty());
        }
    }
}
