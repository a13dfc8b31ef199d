package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.gateway.security.basic.BasicUser;
import io.outpost.gateway.security.jwt.JwtIssuer;
import io.outpost.testing.Paths;
import io.outpost.testing.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./outpost migrate-config} writes from WSO2's own micro-gw.conf files is a
 * gateway.yaml the gateway's loader accepts, once the PEM files its export notes name exist: here
 * test-made certificates and keys stand in for the ones a user exports from the WSO2 keystores.
 * The command runs as a user runs it (the launcher, a subprocess, stdout and stderr apart).
 */
class MigrateConfigEndToEndTest {
    private static final Pattern EXPORT = Pattern.compile(": export: (keys/\\S+) <- ");

    record Run(int exitCode, String out, String err) {}

    @TempDir
    Path dir;

    private static Path conf(String name) {
        Path conf = Paths.shared().resolve("peer-samples/wso2-3.2.10-more/confs").resolve(name);
        if (!Files.isRegularFile(conf)) {
            fail("WSO2 sample conf missing: " + conf + " (the shared folder beside the repository)");
        }
        return conf;
    }

    @Test
    void baseConfBecomesAGatewayYamlTheLoaderAccepts() throws Exception {
        GatewayConfig config = migrateAndLoad(conf("base.conf"));

        JwtIssuer issuer = config.security().jwt().issuers().get(0);
        assertEquals("https://localhost:9443/oauth2/token", issuer.issuer());
        assertEquals(List.of("http://org.wso2.apimgt/gateway"), issuer.audiences());
        assertFalse(issuer.keys().isEmpty(), "the stand-in for keys/wso2apim310.pem is the issuer's key");
        assertEquals(10000, config.security().jwt().cacheSize());
        assertEquals(5, config.security().jwt().skewSeconds());
        assertEquals("X-JWT-Assertion", config.security().forwardJwtHeader());
        assertTrue(config.security().removeCredential());
        List<BasicUser> users = config.security().basic().users();
        assertEquals(List.of("admin", "prometheus"), users.stream().map(BasicUser::name).toList());
        assertTrue(users.get(0).hash().matches("admin".getBytes(StandardCharsets.UTF_8)));
        assertTrue(users.get(1).hash().matches("password".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("observability"), users.get(1).scopes());
        assertEquals(2, config.security().basic().warnings().size(), "the gateway warns about both unsalted digests at start");

        assertNotNull(config.tls().https(), "WSO2 always served HTTPS");
        assertEquals(9095, config.tls().https().port());
        assertEquals(List.of("TLSv1.2"), config.tls().https().protocols());
        assertTrue(config.tls().https().ciphers().contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(1, config.tls().mutualTls().clientCas().size());
    }

    @Test
    void apiKeyConfBecomesAGatewayYamlTheLoaderAccepts() throws Exception {
        GatewayConfig config = migrateAndLoad(conf("api-key.conf"));
        JwtIssuer issuer = config.security().jwt().apiKeyIssuers().get(0);
        assertEquals("https://localhost:9095/apikey", issuer.issuer());
        assertTrue(issuer.validateAllowedApis());
        assertFalse(issuer.keys().isEmpty());
        assertTrue(config.security().jwt().issuers().isEmpty());
        assertEquals(9595, config.tls().https().port());
        assertEquals(9590, config.http().port());
    }

    @Test
    void mutualSslConfBecomesAGatewayYamlTheLoaderAccepts() throws Exception {
        GatewayConfig config = migrateAndLoad(conf("mutualSSL-test.conf"));
        assertEquals(List.of("TLSv1.2"), config.tls().https().protocols());
        assertEquals(1, config.tls().mutualTls().clientCas().size());
    }

    /**
     * The export notes' commands, run exactly as printed (keytool and openssl reading the store
     * password from stdin, as they do without a terminal), turn Java keystores like WSO2's into the
     * PEM files the gateway loads: the stores are made here at the paths base.conf names, under a
     * fake ${mgw-runtime.home}. Needs openssl (Debian's package).
     */
    @Test
    void theExportCommandsAsPrintedMakeWhatTheGatewayLoads() throws Exception {
        Path home = dir.resolve("mgw-runtime");
        Path security = Files.createDirectories(home.resolve("runtime/bre/security"));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        shell(keytool + " -genkeypair -alias ballerina -keyalg EC -groupname secp256r1 -dname CN=localhost -validity 30"
                + " -keystore ballerinaKeystore.p12 -storetype PKCS12 -storepass ballerina", security, null);
        shell(keytool + " -genkeypair -alias idp -keyalg RSA -keysize 2048 -dname CN=idp -validity 30"
                + " -keystore idp.p12 -storetype PKCS12 -storepass idp-pass", security, null);
        shell(keytool + " -exportcert -alias idp -keystore idp.p12 -storepass idp-pass -file idp.der"
                + " && " + keytool + " -importcert -noprompt -alias wso2apim310 -file idp.der"
                + " -keystore ballerinaTruststore.p12 -storetype PKCS12 -storepass ballerina", security, null);

        Path device = Files.createDirectories(dir.resolve("device"));
        Run run = outpost("migrate-config", conf("base.conf").toString(), "--out", device.resolve("migrated.yaml").toString());
        assertEquals(0, run.exitCode(), run::toString);
        Matcher m = Pattern.compile(": export: keys/\\S+ <- .*?\\.p12[^:]*: (mkdir -p .*)").matcher(run.err());
        int commands = 0;
        while (m.find()) {
            shell(m.group(1), dir, home);
            commands++;
        }
        assertEquals(4, commands, run::toString);
        Path gatewayYaml = device.resolve("gateway.yaml");
        Files.writeString(gatewayYaml, "stateDir: " + dir.resolve("state") + "\n" + Files.readString(device.resolve("migrated.yaml")));
        GatewayConfig config = GatewayConfigLoader.load(gatewayYaml);
        assertEquals(1, config.security().jwt().issuers().get(0).keys().size(), "the idp's certificate, by alias wso2apim310");
        assertNotNull(config.tls().https(), "the listener's certificate and key, exported from the keystore, belong together");
        try (var in = Files.newInputStream(device.resolve("keys/listener-cert.pem"))) {
            var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
        }
        assertEquals(1, config.tls().mutualTls().clientCas().size(), "the truststore's one certificate");
    }

    /** Runs the command, stands in every exported file the YAML uses, merges the part into a gateway.yaml, loads it. */
    private GatewayConfig migrateAndLoad(Path conf) throws Exception {
        Path device = Files.createDirectories(dir.resolve("device"));
        Path part = device.resolve("migrated.yaml");
        Run run = outpost("migrate-config", conf.toString(), "--out", part.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), "with --out, stdout stays empty");
        String yaml = Files.readString(part);

        List<String> exported = new ArrayList<>();
        Matcher m = EXPORT.matcher(run.err());
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertTrue(exported.contains("keys/listener-cert.pem") && exported.contains("keys/listener-key.pem"), run::toString);
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost");
        Files.createDirectories(device.resolve("keys"));
        for (String file : exported) {
            if (!yaml.contains(file)) {
                continue; // e.g. the API-key signing key: for `outpost apikey issue`, not for the gateway
            }
            Path standIn = switch (file) {
                case "keys/listener-cert.pem" -> server.certPem();
                case "keys/listener-key.pem" -> server.keyPem();
                case "keys/client-cas.pem" -> ca.caPem();
                default -> ca.issue(file.replaceAll("\\W", "-"), Set.of()).certPem(); // an issuer's certificate
            };
            Files.copy(standIn, device.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // Merged as the header says: the part's listeners and security beside the rest of gateway.yaml.
        Path gatewayYaml = device.resolve("gateway.yaml");
        Files.writeString(gatewayYaml, "stateDir: " + dir.resolve("state") + "\nadmin: {host: 127.0.0.1, port: 0}\n" + yaml);
        return GatewayConfigLoader.load(gatewayYaml);
    }

    /**
     * {@code bash -c command} without a controlling terminal (so openssl, too, reads the password
     * from stdin), "ballerina" on stdin, {@code MGW_RUNTIME_HOME} set when {@code mgwHome} is given.
     */
    private void shell(String command, Path workDir, Path mgwHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-c", command).directory(workDir.toFile())
                .redirectErrorStream(true);
        if (mgwHome != null) {
            pb.environment().put("MGW_RUNTIME_HOME", mgwHome.toString());
        }
        Process p = pb.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write("ballerina\n".getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 60 s:\n" + output);
        }
        assertEquals(0, p.exitValue(), () -> command + "\n" + output);
    }

    /** {@code ./outpost ARGS} on the test's own classes (the launcher would otherwise rebuild outside Maven's lock). */
    private Run outpost(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.root().resolve("outpost").toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("OUTPOST_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("OUTPOST_HOME", dir.resolve("home").toString());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("./outpost " + String.join(" ", args) + " did not finish in 120 s:\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
