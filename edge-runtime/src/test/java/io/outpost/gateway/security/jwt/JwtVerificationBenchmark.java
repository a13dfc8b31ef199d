package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What checking a bearer JWT costs on the event loop: a cache miss (parse, key choice, signature,
 * claims, identity) for RS256 (2048-bit), ES256 and EdDSA, and a hit of the verified-token cache
 * (lookup, expiry, revocations, the API's decision), with the token's String as a request makes it
 * or the same one again (the lookup alone). The token is WSO2-shaped (application, two
 * subscriptions, scopes; 1,347 characters in RS256, 1,090 in ES256 and EdDSA). Run with
 * {@code edge-runtime/jmh.sh JwtVerificationBenchmark -f 1 -wi 2 -i 3 -prof gc}. Built only with {@code -Pjmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JwtVerificationBenchmark {
    private static final ApiRef API = new ApiRef("PizzaShackAPI", "1.0.0", "/pizzashack");

    private JwtFixture fx;
    private Path dir;
    private CredentialCheck miss;
    private CredentialCheck hit;
    private String rs256;
    private String es256;
    private String edDsa;
    private byte[] rs256Bytes;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jwt-bench");
        fx = new JwtFixture(dir);
        TestKeys.Signing rsa = TestKeys.rsa("rsa", JWSAlgorithm.RS256);
        TestKeys.Signing ec = TestKeys.ec("ec", Curve.P_256);
        TestKeys.Signing ed = TestKeys.ed25519("ed");
        TestKeys.jwks(dir, "idp.jwks", rsa, ec, ed);
        String issuer = """
                    issuers:
                      - issuer: https://idp.test/oauth2/token
                        audiences: [http://org.wso2.apimgt/gateway]
                        jwks: [idp.jwks]
                        validateSubscription: true
                """;
        miss = fx.bearer(fx.settings("security:\n  jwt:\n    cacheSize: 0\n" + issuer));
        hit = fx.bearer(fx.settings("security:\n  jwt:\n" + issuer));
        rs256 = Tokens.sign(rsa, claims());
        es256 = Tokens.sign(ec, claims());
        edDsa = Tokens.sign(ed, claims());
        rs256Bytes = rs256.getBytes(StandardCharsets.US_ASCII);
        for (String token : List.of(rs256, es256, edDsa)) {
            if (!(miss.check(token, API) instanceof Check.Accepted) || !(hit.check(token, API) instanceof Check.Accepted)) {
                throw new IllegalStateException("the benchmark's token is refused");
            }
        }
    }

    private Map<String, Object> claims() {
        Map<String, Object> claims = Tokens.claims(fx.now());
        claims.put("scope", "read write admin");
        claims.put("keytype", "PRODUCTION");
        claims.put("azp", "Vn3dHkqSLFfDpEa7rqzzzEfMhK0a");
        claims.put("application", Map.of("owner", "admin", "tier", "Unlimited", "name", "DefaultApplication", "id", 1,
                "uuid", "9a5f1ab6-9d1c-4ed3-8a47-6f1e4c3f8d3e"));
        claims.put("subscribedAPIs", List.of(
                Map.of("subscriberTenantDomain", "carbon.super", "name", "PizzaShackAPI", "context", "/pizzashack/1.0.0",
                        "publisher", "admin", "version", "1.0.0", "subscriptionTier", "Gold"),
                Map.of("subscriberTenantDomain", "carbon.super", "name", "PetStoreAPI", "context", "/petstore/v1",
                        "publisher", "admin", "version", "1.0.0", "subscriptionTier", "Unlimited")));
        return claims;
    }

    @TearDown
    public void tearDown() throws Exception {
        fx.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Check missRs256() {
        return miss.check(rs256, API);
    }

    @Benchmark
    public Check missEs256() {
        return miss.check(es256, API);
    }

    @Benchmark
    public Check missEdDsa() {
        return miss.check(edDsa, API);
    }

    /** The lookup alone: the same String each time, its hash already computed. */
    @Benchmark
    public Check hitRs256() {
        return hit.check(rs256, API);
    }

    /** As a request has it: a new String from the header's bytes, hashed and compared whole by the lookup. */
    @Benchmark
    public Check hitRs256NewString() {
        return hit.check(new String(rs256Bytes, StandardCharsets.US_ASCII), API);
    }
}
