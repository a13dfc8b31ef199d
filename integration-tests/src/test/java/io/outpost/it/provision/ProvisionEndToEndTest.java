package io.outpost.it.provision;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.config.SyncConfigLoader;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import io.outpost.testing.TestCa;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provision a device the way an operator does, with the real CLIs: authority, a key and request on
 * the device, the bundle, inspect, install into a temporary root; then the gateway starts from exactly
 * the installed files and answers HTTPS with the device certificate, checked against the CA the bundle
 * brought, and the sync agent, from the installed sync.yaml, delivers the gateway's journaled exchange
 * to a receiver that requires the provisioned client certificate (mutual TLS, the authority's CA).
 */
class ProvisionEndToEndTest {
    private static final String PASS = "authority passphrase\n";

    @TempDir
    Path tmp;

    @Test
    void provisionedDeviceServesHttpsFromTheInstalledFiles() throws Exception {
        Path auth = tmp.resolve("authority");
        Path root = tmp.resolve("root");
        var init = Commands.toolkit(PASS, "provision", "authority", "init", auth.toString(), "--passphrase-fd", "0");
        assertEquals(0, init.exitCode(), init.stderr());
        assertTrue(!init.stdout().contains("authority passphrase") && !init.stderr().contains("authority passphrase"),
                "the passphrase is never printed");

        // API Management's stand-in: the reference receiver over HTTPS, REQUIRING a client certificate
        // issued by the authority, so the agent below can only deliver with the provisioned one
        TestCa mgmtCa = TestCa.create(tmp.resolve("mgmt-ca"));
        TestCa.Issued mgmtServer = mgmtCa.issue("mgmt", Set.of(TestCa.Usage.SERVER), "127.0.0.1");
        Path received = tmp.resolve("received");
        try (JavaProcess receiver = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0", "--data",
                received.toString(), "--tls-cert", mgmtServer.certPem().toString(), "--tls-key", mgmtServer.keyPem().toString(),
                "--client-ca", auth.resolve("authority.pem").toString()).start()) {
            String mgmtPort = receiver.awaitLine("outpost-mgmt ready https=\\S+:(\\d+) ", Duration.ofSeconds(60)).group(1);
            provisionInstallAndRun(auth, root, mgmtCa, mgmtPort, received, receiver);
        }
    }

    private void provisionInstallAndRun(Path auth, Path root, TestCa mgmtCa, String mgmtPort, Path received, JavaProcess receiver)
            throws Exception {
        var csr = Commands.device(null, "provision", "csr", "gw1", "--root", root.toString(), "--out", tmp.resolve("gw1.csr").toString());
        assertEquals(0, csr.exitCode(), csr.stderr());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/outpost/tls/device.key.pem"))));

        Path artifact = TestArtifacts.write(Files.createDirectories(tmp.resolve("build")), "edge", List.of(),
                Ed25519Key.read(auth.resolve("publisher.jwk")));
        Path bundle = tmp.resolve("gw1.provision");
        var made = Commands.toolkit(PASS, "provision", "device", "gw1", "--authority", auth.toString(), "--csr",
                tmp.resolve("gw1.csr").toString(), "--dns", "localhost", "--ip", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                "--admin-port", "0", "--sync-admin-port", "0", "--artifact", artifact.toString(),
                "--mgmt-url", "https://127.0.0.1:" + mgmtPort + "/", "--mgmt-ca",
                mgmtCa.caPem().toString(), "--out", bundle.toString(), "--passphrase-fd", "0");
        assertEquals(0, made.exitCode(), made.stderr());

        // the test CA of the receiver's certificate lives 30 days: inside the default window
        var inspect = Commands.device(null, "provision", "inspect", bundle.toString(), "--authority-cert", auth.resolve("authority.pem").toString(),
                "--warn-days", "7");
        assertEquals(0, inspect.exitCode(), inspect.stdout() + inspect.stderr());
        assertTrue(inspect.stdout().contains("etc/outpost/tls/gateway.pem: CN=gw1") && inspect.stdout().contains("DNS:localhost,IP:127.0.0.1"),
                inspect.stdout());
        var soon = Commands.device(null, "provision", "inspect", bundle.toString(), "--warn-days", "1000");
        assertEquals(1, soon.exitCode(), "a certificate within the window is flagged: " + soon.stdout());
        assertTrue(soon.stdout().contains("EXPIRES IN"), soon.stdout());

        var install = Commands.device(null, "provision", "install", bundle.toString(), "--root", root.toString(),
                "--authority-cert", auth.resolve("authority.pem").toString());
        assertEquals(0, install.exitCode(), install.stdout() + install.stderr());
        var again = Commands.device(null, "provision", "install", bundle.toString(), "--root", root.toString());
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stdout().contains(": 0 written"), "a re-install changes nothing: " + again.stdout());

        Path etc = root.resolve("etc/outpost");
        try (JavaProcess gateway = JavaProcess.gateway("--config", etc.resolve("gateway.yaml").toString()).start()) {
            Matcher ready = gateway.awaitLine("ready http=\\S+ admin=\\S+ https=\\S*:(\\d+) ", Duration.ofSeconds(60));
            HttpsURLConnection c = (HttpsURLConnection) new URL("https://127.0.0.1:" + ready.group(1) + "/nothing-here").openConnection();
            c.setSSLSocketFactory(trusting(etc.resolve("trust/authority.pem")).getSocketFactory());
            int status;
            try {
                status = c.getResponseCode();
            } catch (java.io.IOException e) {
                throw new AssertionError("HTTPS to port " + ready.group(1) + " failed: " + e + "\n" + gateway.output(), e);
            }
            assertEquals(404, status, gateway.output());
            Certificate served = c.getServerCertificates()[0];
            try (InputStream in = Files.newInputStream(etc.resolve("tls/gateway.pem"))) {
                assertEquals(CertificateFactory.getInstance("X.509").generateCertificate(in), served, "the installed certificate is served");
            }
            c.disconnect();
            // Without a client certificate the receiver refuses the handshake ...
            HttpsURLConnection anonymous = (HttpsURLConnection) new URL("https://127.0.0.1:" + mgmtPort + "/api/v1/stats").openConnection();
            anonymous.setSSLSocketFactory(trusting(etc.resolve("trust/mgmt-ca.pem")).getSocketFactory());
            assertThrows(java.io.IOException.class, anonymous::getResponseCode, "the receiver requires a client certificate");
            // ... and the agent, from exactly the installed sync.yaml, delivers the running gateway's journaled exchange with the provisioned one
            try (JavaProcess agent = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run", "--config", etc.resolve("sync.yaml").toString())
                    .start()) {
                agent.awaitLine("outpost-sync ready", Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertTrue(storedLines(received).stream().anyMatch(l -> l.contains("\"type\":\"exchange\"") && l.contains("\"status\":404")),
                                "stored: " + storedLines(received) + "\nagent:\n" + agent.output() + "\nreceiver:\n" + receiver.output()));
            }
        }

        SyncConfig sync = SyncConfigLoader.load(etc.resolve("sync.yaml"));
        assertEquals(root.resolve("var/lib/outpost").normalize(), sync.stateDir().normalize());
        assertEquals(etc.resolve("tls/client.pem"), sync.management().clientCert().normalize());
        assertEquals(etc.resolve("trust/update-signing.pub.jwk"), sync.updates().publicKey().normalize());
    }

    @Test
    void theDeviceCliRefusesATamperedBundleAndAnotherAuthorityNamingTheFile() throws Exception {
        Path auth = tmp.resolve("authority");
        Path other = tmp.resolve("other");
        assertEquals(0, Commands.toolkit(PASS, "provision", "authority", "init", auth.toString(), "--passphrase-fd", "0").exitCode());
        assertEquals(0, Commands.toolkit(PASS, "provision", "authority", "init", other.toString(), "--passphrase-fd", "0").exitCode());
        Path bundle = tmp.resolve("gw1.provision");
        var made = Commands.toolkit(PASS + "device key passphrase\n", "provision", "device", "gw1", "--authority", auth.toString(),
                "--out", bundle.toString(), "--passphrase-fd", "0");
        assertEquals(0, made.exitCode(), made.stderr());

        var wrong = Commands.device("device key passphrase\n", "provision", "install", bundle.toString(), "--root",
                tmp.resolve("root").toString(), "--authority-cert", other.resolve("authority.pem").toString(), "--passphrase-fd", "0");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.stderr().startsWith("error: " + bundle + ": signed by authority key"), wrong.stderr());

        byte[] raw = Files.readAllBytes(bundle);
        raw[raw.length / 3] ^= 0x20;
        Path tampered = tmp.resolve("tampered.provision");
        Files.write(tampered, raw);
        var refused = Commands.device("device key passphrase\n", "provision", "install", tampered.toString(), "--root",
                tmp.resolve("root").toString(), "--authority-cert", auth.resolve("authority.pem").toString(), "--passphrase-fd", "0");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().startsWith("error: " + tampered), refused.stderr());
        assertTrue(Files.notExists(tmp.resolve("root")), "nothing installed");

        var ok = Commands.device("device key passphrase\n", "provision", "install", bundle.toString(), "--root",
                tmp.resolve("root").toString(), "--authority-cert", auth.resolve("authority.pem").toString(), "--passphrase-fd", "0");
        assertEquals(0, ok.exitCode(), ok.stderr());
        assertTrue(ok.stderr().contains("note: no user 'outpost'"), "says who owns the files: " + ok.stderr());
    }

    /** Every event line the receiver stored, whichever device file it is in. */
    private static List<String> storedLines(Path data) throws java.io.IOException {
        Path events = data.resolve("events");
        if (!Files.isDirectory(events)) {
            return List.of();
        }
        try (var files = Files.list(events)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
            return lines;
        }
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("authority", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
