package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.SecurityMaterials;
import io.outpost.gateway.security.bundles.TrustBundles;
import io.outpost.toolkit.OutpostCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A JWT API key issued by {@code outpost apikey issue} is accepted by the gateway's API-key check,
 * built as the gateway builds it (gateway.yaml through GatewayConfigLoader, SecurityMaterials), for
 * the APIs it names only: RSA and Ed25519 issuer keys, the public halves as PEM files.
 */
class ApiKeyIssueEndToEndTest {
    static final ApiRef PETS = new ApiRef("PetStoreAPI", "1.0.0", "/petstore/v1");
    static final ApiRef PIZZA = new ApiRef("PizzaShackAPI", "1.0.0", "/pizzashack");

    @TempDir
    Path dir;

    private static void pem(Path file, Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString());
    }

    private String issue(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OutpostCli(dir.resolve("home")));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "apikey";
        all[1] = "issue";
        System.arraycopy(args, 0, all, 2, args.length);
        assertEquals(0, cli.execute(all), err.toString());
        return out.toString().trim();
    }

    @Test
    void theGatewayAcceptsTheIssuedKeyForItsApisOnly() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsa = rsaGenerator.generateKeyPair();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        pem(dir.resolve("rsa-key.pem"), new JcaPKCS8Generator(rsa.getPrivate(), null));
        pem(dir.resolve("ed-key.pem"), new JcaPKCS8Generator(ed.getPrivate(), null));
        Files.createDirectories(dir.resolve("conf/keys"));
        pem(dir.resolve("conf/keys/rsa.pem"), rsa.getPublic());
        pem(dir.resolve("conf/keys/ed.pem"), ed.getPublic());
        Path yaml = Files.writeString(dir.resolve("conf/gateway.yaml"), """
                stateDir: ../state
                security:
                  apiKeys:
                    issuers:
                      - issuer: https://gw.test/apikey
                        audiences: [http://org.wso2.apimgt/gateway]
                        certificates: [keys/rsa.pem, keys/ed.pem]
                """);
        GatewayConfig config = GatewayConfigLoader.load(yaml);
        SecurityMaterial material = SecurityMaterials.build(config, TrustBundles.NONE, ClockFloor.system());

        String rsaKey = issue("--api", "PetStoreAPI:1.0.0", "--key", dir.resolve("rsa-key.pem").toString(),
                "--issuer", "https://gw.test/apikey", "--audience", "http://org.wso2.apimgt/gateway", "--validity", "1d",
                "--subject", "bob", "--key-type", "SANDBOX");
        Identity identity = assertInstanceOf(Check.Accepted.class, material.apiKey().check(rsaKey, PETS)).identity();
        assertEquals("bob", identity.subject());
        assertEquals("SANDBOX", identity.keyType());
        assertEquals("DefaultApplication", identity.applicationName());
        assertEquals("Unlimited", identity.subscriptionTier());
        assertEquals(Faults.notSubscribed(), assertInstanceOf(Check.Refused.class, material.apiKey().check(rsaKey, PIZZA)).fault());

        String edKey = issue("--api", "PetStoreAPI:1.0.0,PizzaShackAPI:1.0.0", "--key", dir.resolve("ed-key.pem").toString(),
                "--issuer", "https://gw.test/apikey", "--audience", "http://org.wso2.apimgt/gateway", "--validity", "1h");
        assertInstanceOf(Check.Accepted.class, material.apiKey().check(edKey, PETS));
        assertInstanceOf(Check.Accepted.class, material.apiKey().check(edKey, PIZZA));

        String noAudience = issue("--api", "PetStoreAPI:1.0.0", "--key", dir.resolve("ed-key.pem").toString(),
                "--issuer", "https://gw.test/apikey", "--validity", "1h");
        assertEquals(Faults.invalidCredentials(), assertInstanceOf(Check.Refused.class, material.apiKey().check(noAudience, PETS)).fault());
        assertEquals(Faults.invalidCredentials(), assertInstanceOf(Check.Refused.class, material.bearer().check(edKey, PETS)).fault(),
                "an API key is no bearer token: the bearer issuers are others");
    }
}
