package io.outpost.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.GatewayFixture;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.testing.PrometheusText;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestCa;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * listeners.https.expiryWarningDays: a served certificate made to end in 10 days is reported as
 * expiring soon under the default 30-day window (and not under a 5-day one), the gauge reads about
 * 10 days of seconds, the client CAs get their own series, a real gateway's admin port reports it
 * while staying ready, and a bad value names file and line.
 */
class CertificateExpiryTest {
    private static final double DAY = 86_400;

    @TempDir
    Path dir;

    private ServerTls load(TestCa.Issued server, String extra) throws Exception {
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                listeners:
                  https:
                    port: 0
                    certificate: %s
                    key: %s
                """.formatted(server.certPem(), server.keyPem()) + extra);
        return GatewayConfigLoader.load(yaml).tls().https().tls();
    }

    @Test
    void aServedCertificateEndingIn10DaysIsExpiringSoonAndTheGaugeSaysSo() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("gateway", Duration.ofDays(10), Set.of(TestCa.Usage.SERVER), "localhost");
        TestCa clientCa = TestCa.create(dir.resolve("client-ca")); // 30 days: the server leaf ends first
        ServerTls tls = load(server, "security:\n  mutualTls:\n    clientCas: [" + clientCa.caPem() + "]\n");

        Map<String, Object> status = tls.status();
        assertEquals(true, status.get("expiringSoon"), status.toString());
        assertEquals(false, status.get("expired"), status.toString());
        assertEquals(30L, status.get("expiryWarningDays"));
        assertEquals(server.certificate().getNotAfter().toInstant().toString(), status.get("expiresAt"));
        assertEquals(9L, status.get("expiresInDays"), "10 days less the seconds since issue, floored");
        List<?> warnings = (List<?>) status.get("warnings");
        assertEquals(2, warnings.size(), "the test CA's 30 days are inside the 30-day window too: " + warnings);
        assertTrue(warnings.get(0).toString().contains("CN=gateway expires at"), warnings.toString());
        assertTrue(warnings.get(1).toString().startsWith("the mutual-TLS client CA CN=Outpost Test CA"), warnings.toString());

        Map<String, Double> scraped = scrape(tls);
        assertEquals(10 * DAY, PrometheusText.value(scraped, expiry("server")), 120, scraped.toString());
        assertEquals(30 * DAY, PrometheusText.value(scraped, expiry("client-ca")), 2 * 3600, scraped.toString());
    }

    @Test
    void outsideANarrowerWindowNothingIsReportedAndAnExpiredOneSaysSo() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("gateway", Duration.ofDays(10), Set.of(TestCa.Usage.SERVER), "localhost");
        ServerTls tls = load(server, "    expiryWarningDays: 5\n");
        assertEquals(false, tls.status().get("expiringSoon"), tls.status().toString());
        assertEquals(List.of(), tls.status().get("warnings"));

        CertificateExpiry served = tls.expiries().get(0);
        Instant later = served.notAfter().plusSeconds(1);
        assertTrue(served.expired(later));
        assertTrue(served.warning(later).contains("CN=gateway EXPIRED at " + served.notAfter()), served.warning(later));
        assertFalse(served.expired(Instant.now()));
    }

    @Test
    void aBadWindowNamesTheFileAndLine() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("gateway", Set.of(TestCa.Usage.SERVER), "localhost");
        List<String> problems = assertThrows(ConfigException.class, () -> load(server, "    expiryWarningDays: -1\n")).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).matches(".*gateway\\.yaml:6:\\d+: listeners\\.https\\.expiryWarningDays: .*"), problems.get(0));
    }

    /** Through a real gateway's admin port: /ready stays 200 with the warning, /health and /metrics say the same. */
    @Test
    void theAdminPortReportsItAndStaysReady() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("gateway", Duration.ofDays(10), Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        GatewayFixture fixture = new GatewayFixture(dir, List.of());
        Files.writeString(fixture.config, """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                  https: {host: 127.0.0.1, port: 0, certificate: %s, key: %s, expiryWarningDays: 14}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                """.formatted(server.certPem(), server.keyPem()));
        try (GatewayFixture.Running gw = fixture.start()) {
            RawHttp.Response ready = RawHttp.get(gw.adminPort(), "/ready");
            assertEquals(200, ready.status(), ready.body());
            JsonNode tls = Json.mapper().readTree(ready.body()).get("tls");
            assertTrue(tls.get("expiringSoon").asBoolean(), ready.body());
            assertEquals(14, tls.get("expiryWarningDays").asInt(), ready.body());
            assertTrue(tls.get("warnings").get(0).asText().contains("CN=gateway expires at"), ready.body());
            JsonNode health = Json.mapper().readTree(RawHttp.get(gw.adminPort(), "/health").body()).get("tls");
            assertEquals(tls.get("expiresAt"), health.get("expiresAt"), health.toString());
            Map<String, Double> metrics = PrometheusText.samples(RawHttp.get(gw.adminPort(), "/metrics").body());
            assertEquals(10 * DAY, PrometheusText.value(metrics, expiry("server")), 300, metrics.toString());
        }
    }

    private static Map<String, Double> scrape(ServerTls tls) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        tls.registerExpiryGauge(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return PrometheusText.samples(out.toString(StandardCharsets.UTF_8));
    }

    private static String expiry(String certificate) {
        return "outpost_gateway_tls_certificate_expiry_seconds{certificate=" + certificate + "}";
    }
}
