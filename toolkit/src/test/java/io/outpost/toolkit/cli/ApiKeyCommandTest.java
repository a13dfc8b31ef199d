package io.outpost.toolkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.toolkit.OutpostCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * outpost apikey issue with keys made here: stdout carries the key alone, a WSO2-shaped JWT signed
 * by the PEM key with its thumbprint as kid; wrong arguments and unusable keys are usage errors
 * with a hint, not stack traces. (integration-tests' ApiKeyIssueEndToEndTest has the gateway's
 * check accept what it prints.)
 */
class ApiKeyCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {}

    private Result run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OutpostCli(dir.resolve("home")));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "apikey";
        all[1] = "issue";
        for (int i = 0; i < args.length; i++) {
            all[i + 2] = String.valueOf(args[i]);
        }
        return new Result(cli.execute(all), out.toString(), err.toString());
    }

    static Path pem(Path file, Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return Files.writeString(file, text.toString());
    }

    static KeyPair pair(String algorithm, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            g.initialize(new ECGenParameterSpec(curve));
        } else if (algorithm.equals("RSA")) {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    private JWSObject issued(Result result) throws Exception {
        assertEquals(0, result.exit(), result.toString());
        assertEquals(1, result.out().lines().count(), "stdout is the key alone: " + result.out());
        return JWSObject.parse(result.out().trim());
    }

    @Test
    void anRsaKeyIssuesAWso2ShapedApiKey() throws Exception {
        KeyPair rsa = pair("RSA", null);
        Path key = pem(dir.resolve("rsa.pem"), new JcaPKCS8Generator(rsa.getPrivate(), null));
        JWSObject jws = issued(run("--api", "PetStoreAPI:1.0.0,PizzaShackAPI:2.1", "--api", "Orders:v3", "--key", key,
                "--issuer", "https://gw.example/apikey", "--audience", "http://org.wso2.apimgt/gateway",
                "--validity", "30d", "--subject", "bob", "--key-type", "sandbox", "--application", "Shop"));
        RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).build();
        assertTrue(jws.verify(new RSASSAVerifier(publicJwk)));
        assertEquals(JWSAlgorithm.RS256, jws.getHeader().getAlgorithm());
        assertEquals(publicJwk.computeThumbprint().toString(), jws.getHeader().getKeyID());
        assertEquals("JWT", jws.getHeader().getType().getType());
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        assertEquals("bob", claims.get("sub"));
        assertEquals("https://gw.example/apikey", claims.get("iss"));
        assertEquals("http://org.wso2.apimgt/gateway", claims.get("aud"));
        assertEquals("SANDBOX", claims.get("keytype"));
        assertEquals(30L * 86_400, (Long) claims.get("exp") - (Long) claims.get("iat"));
        assertEquals(List.of(Map.of("name", "PetStoreAPI", "version", "1.0.0"), Map.of("name", "PizzaShackAPI", "version", "2.1"),
                Map.of("name", "Orders", "version", "v3")), claims.get("allowedAPIs"));
        @SuppressWarnings("unchecked")
        Map<String, Object> application = (Map<String, Object>) claims.get("application");
        assertEquals("Shop", application.get("name"));
        assertEquals("Unlimited", application.get("tier"));
        assertEquals("bob", application.get("owner"));
        assertTrue(claims.get("jti") instanceof String);
    }

    @Test
    void ecAndEd25519KeysAndAChosenKid() throws Exception {
        KeyPair p256 = pair("EC", "secp256r1");
        JWSObject es256 = issued(run("--api", "A:1", "--key", pem(dir.resolve("ec.pem"), new JcaPKCS8Generator(p256.getPrivate(), null)),
                "--issuer", "iss", "--validity", "12h"));
        ECKey ecJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) p256.getPublic()).build();
        assertEquals(JWSAlgorithm.ES256, es256.getHeader().getAlgorithm());
        assertEquals(ecJwk.computeThumbprint().toString(), es256.getHeader().getKeyID(), "the public point derived from the key");
        assertTrue(es256.verify(new ECDSAVerifier(ecJwk)));
        assertEquals("PRODUCTION", es256.getPayload().toJSONObject().get("keytype"));

        KeyPair p384 = pair("EC", "secp384r1");
        JWSObject es384 = issued(run("--api", "A:1", "--key", pem(dir.resolve("ec384.pem"), new JcaPKCS8Generator(p384.getPrivate(), null)),
                "--issuer", "iss", "--validity", "90m", "--kid", "my-key"));
        assertEquals(JWSAlgorithm.ES384, es384.getHeader().getAlgorithm());
        assertEquals("my-key", es384.getHeader().getKeyID());

        KeyPair ed = pair("Ed25519", null);
        Path edPem = pem(dir.resolve("ed.pem"), new JcaPKCS8Generator(ed.getPrivate(), null));
        JWSObject eddsa = issued(run("--api", "A:1", "--key", edPem, "--issuer", "iss", "--validity", "3600s"));
        Ed25519Key edKey = Ed25519Key.read(edPem);
        JWSVerifier verifier = edKey.verifier();
        assertEquals(JWSAlgorithm.EdDSA, eddsa.getHeader().getAlgorithm());
        assertEquals(edKey.thumbprint(), eddsa.getHeader().getKeyID());
        assertTrue(eddsa.verify(verifier));
    }

    @Test
    void wrongArgumentsAndUnusableKeysAreExplained() throws Exception {
        KeyPair rsa = pair("RSA", null);
        Path key = pem(dir.resolve("rsa.pem"), new JcaPKCS8Generator(rsa.getPrivate(), null));
        Result noVersion = run("--api", "PetStoreAPI", "--key", key, "--issuer", "i", "--validity", "1d");
        assertEquals(2, noVersion.exit());
        assertTrue(noVersion.err().contains("not NAME:VERSION"), noVersion.err());
        Result badValidity = run("--api", "A:1", "--key", key, "--issuer", "i", "--validity", "forever");
        assertEquals(2, badValidity.exit());
        assertTrue(badValidity.err().contains("30d"), badValidity.err());
        Result badType = run("--api", "A:1", "--key", key, "--issuer", "i", "--validity", "1d", "--key-type", "staging");
        assertEquals(2, badType.exit());
        Result publicOnly = run("--api", "A:1", "--key", pem(dir.resolve("pub.pem"), rsa.getPublic()), "--issuer", "i", "--validity", "1d");
        assertEquals(1, publicOnly.exit());
        assertTrue(publicOnly.err().contains("no PEM private key"), publicOnly.err());
        Path encrypted = pem(dir.resolve("enc.pem"), new JcaPKCS8Generator(rsa.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC).setPassword("pw".toCharArray()).build()));
        Result enc = run("--api", "A:1", "--key", encrypted, "--issuer", "i", "--validity", "1d");
        assertEquals(1, enc.exit());
        assertTrue(enc.err().contains("encrypted"), enc.err());
        Result missing = run("--api", "A:1", "--key", dir.resolve("nope.pem"), "--issuer", "i", "--validity", "1d");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.pem"), missing.err());
        for (Result r : List.of(noVersion, badValidity, badType, publicOnly, enc, missing)) {
            assertEquals("", r.out());
            assertTrue(!r.err().contains("Exception"), r.err());
        }
    }
}
