package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.outpost.common.credentials.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code outpost migrate-config} on WSO2's own micro-gw.conf files (Microgateway 3.2.10's test
 * confs, read where they are): the YAML parses and holds what the conf said, and stderr names,
 * one line each at the conf's line, every file to export and everything left out.
 */
class MigrateConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BCRYPT = OpenBSDBCrypt.generate("2b", "eve's secret".toCharArray(), new byte[16], 4);
    private static final String NOTE_LINE = "^%s(:\\d+)?: (export|warning|note|not carried over): .+";

    @TempDir
    Path tmp;

    /** The 3.2.10 confs; a missing folder fails the test, never skips it. */
    private static Path conf(String name) {
        Path samples = TestProjects.peerSamples().resolveSibling("wso2-3.2.10-more").resolve("confs");
        Path conf = samples.resolve(name);
        if (!Files.isRegularFile(conf)) {
            fail("WSO2 sample conf missing: " + conf.toAbsolutePath() + " (the shared folder beside the repository)");
        }
        return conf;
    }

    private Cli.Result migrate(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = "migrate-config";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(tmp.resolve("home"), all);
    }

    private static JsonNode yaml(Cli.Result r) throws Exception {
        JsonNode root = YAML.readTree(r.out());
        assertTrue(root.isObject(), r::toString);
        return root;
    }

    private static List<String> texts(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Every stderr line is a note in FILE:LINE: kind: text form, except the last (the summary). */
    private static List<String> notes(Cli.Result r, Path conf) {
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("migrated " + conf), r::toString);
        List<String> notes = lines.subList(0, lines.size() - 1);
        String pattern = String.format(NOTE_LINE, java.util.regex.Pattern.quote(conf.toString()));
        for (String note : notes) {
            assertTrue(note.matches(pattern), "not a note line: " + note);
        }
        return notes;
    }

    private static void assertNote(List<String> notes, String prefix, String... contains) {
        for (String note : notes) {
            if (note.startsWith(prefix) && List.of(contains).stream().allMatch(note::contains)) {
                return;
            }
        }
        fail("no note starting " + prefix + " with " + List.of(contains) + " in:\n" + String.join("\n", notes));
    }

    @Test
    void baseConfCarriesListenersJwtBasicAndMutualTls() throws Exception {
        Path conf = conf("base.conf");
        Cli.Result r = migrate(conf);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode y = yaml(r);

        JsonNode http = y.at("/listeners/http");
        assertEquals("0.0.0.0", http.get("host").textValue());
        assertEquals(9090, http.get("port").intValue());
        JsonNode https = y.at("/listeners/https");
        assertEquals(9095, https.get("port").intValue());
        assertEquals("keys/listener-cert.pem", https.get("certificate").textValue());
        assertEquals("keys/listener-key.pem", https.get("key").textValue());
        assertEquals(List.of("TLSv1.2"), texts(https.get("protocols")));
        List<String> ciphers = texts(https.get("ciphers"));
        assertTrue(ciphers.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), ciphers::toString);
        assertTrue(ciphers.contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"), ciphers::toString);
        assertTrue(ciphers.stream().noneMatch(c -> c.contains("3DES") || c.contains("SCSV")), ciphers::toString);
        assertEquals(ciphers.size(), ciphers.stream().distinct().count(), "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 is listed twice in WSO2's");

        JsonNode security = y.get("security");
        assertTrue(security.get("removeCredential").booleanValue());
        assertEquals("X-JWT-Assertion", security.get("forwardJwtHeader").textValue());
        assertEquals(10000, security.at("/jwt/cacheSize").intValue());
        assertEquals(5, security.at("/jwt/skewSeconds").intValue());
        JsonNode issuers = security.at("/jwt/issuers");
        assertEquals(1, issuers.size());
        assertEquals("https://localhost:9443/oauth2/token", issuers.get(0).get("issuer").textValue());
        assertEquals(List.of("http://org.wso2.apimgt/gateway"), texts(issuers.get(0).get("audiences")));
        assertEquals(List.of("keys/wso2apim310.pem"), texts(issuers.get(0).get("certificates")));
        assertFalse(issuers.get(0).get("validateSubscription").booleanValue());

        JsonNode users = security.at("/basic/users");
        assertEquals(2, users.size());
        assertEquals("admin", users.get(0).get("name").textValue());
        // The digests are carried as they are: the gateway's own hash reader still checks the WSO2 passwords.
        assertTrue(PasswordHash.parse(users.get(0).get("password").textValue()).matches(utf8("admin")));
        assertEquals("prometheus", users.get(1).get("name").textValue());
        assertEquals("@sha256:{5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8}",
                users.get(1).get("password").textValue());
        assertTrue(PasswordHash.parse(users.get(1).get("password").textValue()).matches(utf8("password")));
        assertEquals(List.of("observability"), texts(users.get(1).get("scopes")));
        assertEquals(List.of("keys/client-cas.pem"), texts(security.at("/mutualTls/clientCas")));
        assertTrue(r.out().contains("# [[jwtTokenConfig]]"), "comments say where each value came from:\n" + r.out());

        String c = conf.toString();
        List<String> notes = notes(r, conf);
        assertNote(notes, c + ":5: export: keys/listener-key.pem", "openssl pkcs12 -in \"${MGW_RUNTIME_HOME}/runtime/bre/security/ballerinaKeystore.p12\"", "-nocerts -nodes | openssl pkey -out keys/listener-key.pem");
        assertNote(notes, c + ":5: export: keys/listener-cert.pem", "-clcerts -nokeys | openssl x509 -out keys/listener-cert.pem");
        assertNote(notes, c + ":5: warning:", "Ballerina's default keystore");
        assertNote(notes, c + ":53: export: keys/wso2apim310.pem", "Truststore.p12: mkdir -p keys && keytool -exportcert -rfc -alias wso2apim310 -keystore "
                + "\"${MGW_RUNTIME_HOME}/runtime/bre/security/ballerinaTruststore.p12\" -storetype PKCS12 -file keys/wso2apim310.pem");
        assertNote(notes, c + ": note: the export commands read $MGW_RUNTIME_HOME", "${mgw-runtime.home}");
        assertNote(notes, c + ":9: not carried over: [listenerConfig] tokenListenerPort");
        assertNote(notes, c + ":15: not carried over: [keyManager]", "opaque-tokens");
        assertNote(notes, c + ":15: not carried over: [keyManager]", "security.opaqueTokens.introspection");
        assertNote(notes, c + ":19: not carried over: [keymanager.security]");
        assertNote(notes, c + ":61: not carried over: [caching] tokenCacheExpiryTime");
        assertNote(notes, c + ":65: not carried over: [analytics.fileUpload]", "outpost sync");
        assertNote(notes, c + ":76: not carried over: [http2]", "HTTP/1.1");
        assertNote(notes, c + ":81: warning: [mutualSSLConfig] protocolVersions: dropped TLSv1.1");
        assertNote(notes, c + ":82: warning: [mutualSSLConfig] ciphers: dropped", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "Sweet32");
        assertNote(notes, c + ":82: warning: [mutualSSLConfig] ciphers: dropped TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertNote(notes, c + ":83: note: [mutualSSLConfig] sslVerifyClient optional", "x-wso2-mutual-ssl");
        assertNote(notes, c + ":83: export: keys/client-cas.pem", "openssl pkcs12 -in", "-nokeys -out keys/client-cas.pem");
        assertNote(notes, c + ":87: warning: [b7a.users.admin] password", "unsalted SHA-1", "outpost hash-password");
        assertNote(notes, c + ":89: warning: [b7a.users.prometheus] password", "unsalted SHA-256");
        assertNote(notes, c + ":92: not carried over: [validationConfig]");
        assertNote(notes, c + ":96: not carried over: [throttlingConfig]", "policies.yaml");
        assertNote(notes, c + ":105: not carried over: [tokenRevocationConfig]", "revocations");
        assertNote(notes, c + ":120: not carried over: [httpClients]", "backends.tls");
        assertNote(notes, c + ":123: not carried over: [b7a.observability]", "/metrics");
        assertNote(notes, c + ":144: not carried over: [apim.eventHub]");
        assertNote(notes, c + ":153: not carried over: [security]", "validateSubscription");
        // Secrets of the conf (key manager, broker and store passwords) are never repeated.
        for (String secret : List.of("admin:admin", "amqp://", "pass:", "storepass")) {
            assertFalse(r.all().contains(secret), () -> secret + " leaked:\n" + r);
        }
    }

    @Test
    void apiKeyConfCarriesIssuersAndSaysHowToIssueKeysOffline() throws Exception {
        Path conf = conf("api-key.conf");
        Path out = tmp.resolve("device/gateway.yaml");
        Files.createDirectories(out.getParent());
        Cli.Result r = migrate(conf, "--out", out);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "the YAML goes to --out only");
        JsonNode y = YAML.readTree(out.toFile());
        assertEquals(9590, y.at("/listeners/http/port").intValue());
        assertEquals(9595, y.at("/listeners/https/port").intValue());
        JsonNode issuer = y.at("/security/apiKeys/issuers/0");
        assertEquals("https://localhost:9095/apikey", issuer.get("issuer").textValue());
        assertEquals(List.of("http://org.wso2.apimgt/gateway"), texts(issuer.get("audiences")));
        assertEquals(List.of("keys/ballerina.pem"), texts(issuer.get("certificates")));
        assertTrue(issuer.get("validateAllowedApis").booleanValue());
        assertTrue(y.at("/security/jwt").isMissingNode(), "no [[jwtTokenConfig]], no security.jwt");
        JsonNode user = y.at("/security/basic/users/0");
        assertEquals("generalUser1", user.get("name").textValue());
        assertTrue(PasswordHash.parse(user.get("password").textValue()).matches(utf8("password")));

        String c = conf.toString();
        String keys = out.getParent().resolve("keys").toString();
        List<String> notes = notes(r, conf);
        assertNote(notes, c + ":13: export: keys/ballerina.pem", "-alias ballerina", "-file " + keys + "/ballerina.pem");
        assertNote(notes, c + ":18: not carried over: [apikey.issuer.tokenConfig] enabled",
                "outpost apikey issue --api PetStoreAPI:1.0.0 --key " + keys + "/apikey-signing-key.pem"
                        + " --issuer https://localhost:9095/apikey --audience http://org.wso2.apimgt/gateway --validity 600s");
        assertNote(notes, c + ":23: export: keys/apikey-signing-key.pem", "-srcalias ballerina",
                "\"${BALLERINA_HOME}/bre/security/ballerinaKeystore.p12\"", "openssl pkey -out " + keys + "/apikey-signing-key.pem");
        assertNote(notes, c + ": note: the export commands read $BALLERINA_HOME");
        assertNote(notes, c + ":29: not carried over: [apim.eventHub]");

        Cli.Result again = migrate(conf, "--out", out);
        assertEquals(2, again.exitCode(), "an existing --out is kept without --force: " + again);
        assertTrue(again.err().contains("already exists"), again::toString);
        assertEquals(0, migrate(conf, "--out", out, "--force").exitCode());
    }

    @Test
    void mutualSslConfDropsOldProtocolsAndLetsEachApiDecide() throws Exception {
        Path conf = conf("mutualSSL-test.conf");
        Cli.Result r = migrate(conf);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode y = yaml(r);
        assertEquals(List.of("TLSv1.2"), texts(y.at("/listeners/https/protocols")));
        assertEquals(List.of("keys/client-cas.pem"), texts(y.at("/security/mutualTls/clientCas")));
        List<String> notes = notes(r, conf);
        String c = conf.toString();
        assertNote(notes, c + ":8: warning: [mutualSSLConfig] protocolVersions: dropped TLSv1.1", "RFC 8996");
        assertNote(notes, c + ":10: warning: [mutualSSLConfig] sslVerifyClient require", "x-wso2-mutual-ssl: mandatory");
    }

    @ParameterizedTest
    @CsvSource({"http2-test.conf, 6, http2", "validation.conf, 10, validationConfig"})
    void theOtherConfsMigrateAndNameWhatTheyLeaveOut(String name, int line, String section) throws Exception {
        Path conf = conf(name);
        Cli.Result r = migrate(conf);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(9595, yaml(r).at("/listeners/https/port").intValue());
        assertNote(notes(r, conf), conf + ":" + line + ": not carried over: [" + section + "]: not supported");
    }

    @Test
    void aSyntaxErrorIsNamedByFileAndLine() throws Exception {
        Path conf = write("broken.conf", "[listenerConfig]\n  httpPort=9090\n  host=\"0.0.0.0\n[authConfig]\n");
        Cli.Result r = migrate(conf);
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith(conf + ":3:"), r::toString);
        assertTrue(r.err().contains("error: not valid TOML"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void valuesOfTheWrongTypeAreAllNamedByLine() throws Exception {
        Path conf = write("typed.conf", String.join("\n",
                "[listenerConfig]",
                "  httpsPort = \"9095\"",
                "[[jwtTokenConfig]]",
                "  issuer = \"https://idp/token\"",
                "  validateSubscription = \"yes\"",
                "[[jwtTokenConfig]]",
                "  audience = \"x\"",
                ""));
        Cli.Result r = migrate(conf);
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains(conf + ":2: error: [listenerConfig] httpsPort: must be a whole number"), r::toString);
        assertTrue(r.err().contains(conf + ":5: error: [[jwtTokenConfig]] #1 validateSubscription: must be true or false"), r::toString);
        assertTrue(r.err().contains(conf + ":6: error: [[jwtTokenConfig]] #2: has no issuer"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void usageAndUnreadableInputHaveTheirOwnCodes() throws Exception {
        assertEquals(2, migrate().exitCode(), "no FILE is a usage error");
        Cli.Result missing = migrate(tmp.resolve("nope.conf"));
        assertEquals(3, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("nope.conf: error: no such file"), missing::toString);
    }

    @Test
    void microgateway30SingleTablesAndJwksUrlsAreCarriedToo() throws Exception {
        Path conf = write("old.conf", String.join("\n",
                "[listenerConfig]",
                "  keyStorePath = \"/opt/mgw/my keys.jks\"",
                "  trustStorePath = \"/opt/mgw/trust.jks\"",
                "[jwtTokenConfig]",
                "  issuer = \"https://idp.example/oauth2/token\"",
                "  jwksURL = \"https://idp.example/oauth2/jwks\"",
                "  certificateAlias = \"idp\"",
                "  consumerKeyClaim = \"azp\"",
                "  claimMapperClassName = \"org.example.Mapper\"",
                "[caching]",
                "  enabled = false",
                "[b7a.users.bob]",
                "  password = \"plain-text\"",
                "[b7a.users.eve]",
                "  password = \"" + BCRYPT + "\"",
                "  scopes = \"read, write\"",
                "[somethingElse]",
                "  x = 1",
                "[mutualSSLConfig]",
                "  sslVerifyClient = \"none\"",
                "  protocolVersions = \"TLSv1.3, TLSv1\"",
                ""));
        Cli.Result r = migrate(conf);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode y = yaml(r);
        JsonNode issuer = y.at("/security/jwt/issuers/0");
        assertEquals(List.of("keys/idp.pem"), texts(issuer.get("certificates")));
        assertEquals(List.of("keys/idp.example_oauth2_jwks.jwks.json"), texts(issuer.get("jwks")));
        assertEquals("azp", issuer.get("consumerKeyClaim").textValue());
        assertEquals(0, y.at("/security/jwt/cacheSize").intValue(), "caching off: every use verified");
        JsonNode users = y.at("/security/basic/users");
        assertEquals(1, users.size(), "bob's plain text password is not carried");
        assertEquals("eve", users.get(0).get("name").textValue());
        assertTrue(PasswordHash.parse(users.get(0).get("password").textValue()).matches(utf8("eve's secret")));
        assertEquals(List.of("read", "write"), texts(users.get(0).get("scopes")));
        List<String> notes = notes(r, conf);
        String c = conf.toString();
        assertNote(notes, c + ":2: export: keys/listener-key.pem", "keytool -importkeystore -srckeystore \"/opt/mgw/my keys.jks\" -srcstoretype JKS", "rm -f keys/keystore.p12");
        assertNote(notes, c + ":6: export: keys/idp.example_oauth2_jwks.jwks.json", "curl -fsS -o keys/idp.example_oauth2_jwks.jwks.json https://idp.example/oauth2/jwks");
        assertNote(notes, c + ":7: export: keys/idp.pem", "-keystore /opt/mgw/trust.jks -storetype JKS");
        assertNote(notes, c + ":9: not carried over: [jwtTokenConfig] claimMapperClassName");
        assertNote(notes, c + ":13: not carried over: [b7a.users.bob] password", "outpost hash-password");
        assertNote(notes, c + ":17: not carried over: [somethingElse]", "not a Microgateway 3.x setting");
        assertNote(notes, c + ":21: warning: [mutualSSLConfig] protocolVersions: dropped TLSv1:");
        assertEquals(List.of("TLSv1.3"), texts(y.at("/listeners/https/protocols")));
        assertTrue(y.at("/security/mutualTls").isMissingNode(), "sslVerifyClient none: no client certificates asked for");
    }

    private Path write(String name, String text) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
