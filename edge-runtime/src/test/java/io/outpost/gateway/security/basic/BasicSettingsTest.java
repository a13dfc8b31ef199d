package io.outpost.gateway.security.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.Argon2idHash;
import io.outpost.gateway.pipeline.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * security.basic and security.apiKeys.static as gateway.yaml states them: what is read, what is
 * refused (with file, line and the fix) and the warnings the gateway prints at start.
 */
class BasicSettingsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ARGON2 = Argon2idHash.create("pw".getBytes(StandardCharsets.UTF_8), 1024, 1, 1, RANDOM).encoded();

    @TempDir
    Path dir;

    @Test
    void absentSectionsAreTheDefaults() {
        ConfigFixture read = ConfigFixture.read(dir, "security: {removeCredential: true}\n");
        assertEquals(List.of(), read.problems());
        assertEquals(BasicSettings.DEFAULT, read.settings());
    }

    @Test
    void usersWithEachHashFormTheirScopesAndTheirIdentity() {
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  basic:
                    cacheSeconds: 5
                    hashThreads: 2
                    hashQueue: 8
                    users:
                      - name: alice
                        password: '%s'
                        scopes: [read, write]
                      - name: bob
                        password: '$2y$04$1QfH.dOVdsTANcDaiHTq8edmoaQPJEchU154J0c5mlAeNqAkcJMIm'
                """.formatted(ARGON2));
        assertEquals(List.of(), read.problems());
        BasicSettings s = read.settings();
        assertEquals(5, s.cacheSeconds());
        assertEquals(2, s.hashThreads());
        assertEquals(8, s.hashQueue());
        assertEquals(List.of(), s.warnings());
        assertEquals(2, s.users().size());
        Identity alice = s.users().get(0).identity();
        assertEquals(new Identity("alice", null, null, null, null, "PRODUCTION", List.of("read", "write"), java.util.Map.of()), alice);
        assertEquals(List.of(), s.users().get(1).scopes());
    }

    @Test
    void wso2DigestsAreAcceptedWithAWarningNamingTheLine() {
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  basic:
                    users:
                      - name: admin
                        password: d033e22ae348aeb5660fc2140aec35850c4da997
                      - name: prometheus
                        password: '@sha256:{5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8}'
                        scopes: [observability]
                """);
        assertEquals(List.of(), read.problems());
        List<String> warnings = read.settings().warnings();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).matches(".*gateway\\.yaml:5:\\d+: security\\.basic\\.users\\[0]\\.password: user 'admin' has an "
                + "unsalted SHA-1 hash.*outpost hash-password.*"), warnings.get(0));
        assertTrue(warnings.get(1).contains("gateway.yaml:7:") && warnings.get(1).contains("'prometheus'")
                && warnings.get(1).contains("SHA-256"), warnings.get(1));
        assertTrue(read.settings().users().get(0).hash().matches("admin".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unusableHashesAreProblemsNamingTheUserTheLineAndTheFix() {
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  basic:
                    users:
                      - name: carol
                        password: plain-text-password
                      - name: dave
                        password: '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1Uc+mwIgvfQ2mcG012PUWytUwwd2s6q48A4SKnZdSz4'
                      - name: erin
                """);
        assertTrue(read.problem("'carol'").matches(".*gateway\\.yaml:5:\\d+: security\\.basic\\.users\\[0]\\.password: the password "
                + "hash of user 'carol' is not a password hash.*outpost hash-password.*"), read.problem("'carol'"));
        String dave = read.problem("'dave'");
        assertTrue(dave.contains("gateway.yaml:7:") && dave.contains("m=65536") && dave.contains("64 MB heap")
                && dave.contains("outpost hash-password"), dave);
        assertTrue(read.problem("'erin'").contains("needs a password"), read.problems().toString());
        assertEquals(3, read.problems().size(), read.problems().toString());
    }

    @Test
    void namesShapesUnknownKeysAndRanges() {
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  basic:
                    hashThreads: 9
                    cacheSecond: 10
                    users:
                      - name: 'a:b'
                        password: '%1$s'
                      - name: frank
                        password: '%1$s'
                        scopes: read
                      - name: frank
                        password: '%1$s'
                        role: admin
                """.formatted(ARGON2));
        read.problem("security.basic.hashThreads: must be a whole number from 1 to 4");
        read.problem("security.basic.cacheSecond: unknown key");
        read.problem("users[0].name: must be a user name");
        read.problem("users[1].scopes: must be a list of scope names");
        read.problem("users[2].name: user 'frank' is listed twice");
        read.problem("users[2].role: unknown key");
    }

    @Test
    void threadsTimesArgon2MemoryMustFitHalfTheHeap() {
        String big = Argon2idHash.create("pw".getBytes(StandardCharsets.UTF_8), 16384, 1, 1, RANDOM).encoded();
        String yaml = """
                security:
                  basic:
                    hashThreads: %d
                    users: [{name: alice, password: '%s'}]
                """;
        assertEquals(List.of(), ConfigFixture.read(dir, yaml.formatted(2, big)).problems());
        String problem = ConfigFixture.read(dir, yaml.formatted(3, big)).problem("hashThreads");
        assertTrue(problem.contains("gateway.yaml:3:") && problem.contains("48 MiB") && problem.contains("use 2 threads"), problem);
    }

    @Test
    void staticKeysWithTheirApisKeyTypeAndIdentity() {
        ApiKeyHash.Generated kiosk = ApiKeyHash.generate(RANDOM);
        ApiKeyHash.Generated partner = ApiKeyHash.generate(RANDOM);
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  apiKeys:
                    static:
                      - name: kiosk-7
                        hash: '%s'
                        apis: ['PizzaShack:1.0.0', 'Orders:v2']
                        keyType: sandbox
                        application: kiosks
                        tier: Gold
                        applicationTier: 50PerMin
                      - name: partner
                        hash: '%s'
                """.formatted(kiosk.hash().encoded(), partner.hash().encoded()));
        assertEquals(List.of(), read.problems());
        StaticApiKey k = read.settings().staticKeys().get(kiosk.hash().keyId());
        assertEquals(Set.of("PizzaShack:1.0.0", "Orders:v2"), k.apis());
        assertEquals(new Identity("kiosk-7", "kiosks", "kiosks", "50PerMin", "Gold", "SANDBOX", List.of(), java.util.Map.of()),
                k.identity());
        Identity p = read.settings().staticKeys().get(partner.hash().keyId()).identity();
        assertEquals(new Identity("partner", "partner", "partner", "Unlimited", "Unlimited", "PRODUCTION", List.of(),
                java.util.Map.of()), p);
        assertNull(read.settings().staticKeys().get("0000000000000000"));
    }

    @Test
    void staticKeyProblems() {
        ApiKeyHash.Generated one = ApiKeyHash.generate(RANDOM);
        ConfigFixture read = ConfigFixture.read(dir, """
                security:
                  apiKeys:
                    static:
                      - name: a
                        hash: '%1$s'
                        apis: [PizzaShack]
                        keyType: staging
                      - name: b
                        hash: '%1$s'
                      - name: c
                        hash: '%2$s'
                      - hash: '%1$s'
                      - name: d
                """.formatted(one.hash().encoded(), one.key()));
        read.problem("static[0].apis[0]: must be an API as Name:Version");
        read.problem("static[0].keyType: must be one of production, sandbox");
        assertTrue(read.problem("static[1].hash").contains("same key is listed twice"));
        assertTrue(read.problem("static[2].hash").contains("outpost hash-password --api-key"));
        assertTrue(read.problem("static[2].hash").contains("gateway.yaml:11:"), read.problem("static[2].hash"));
        read.problem("static[3].name: must name the key");
        read.problem("key 'd' needs a hash");
        assertTrue(read.problems().stream().noneMatch(p -> p.contains(one.key().substring(21))), "a key is never echoed");
    }
}
