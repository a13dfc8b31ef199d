package io.outpost.it.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.config.SyncConfigLoader;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
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
 * brought, and the sync agent's configuration loads.
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

        var csr = Commands.device(null, "provision", "csr", "gw1", "--root", root.toString(), "--out", tmp.resolve("gw1.csr").toString());
        assertEquals(0, csr.exitCode(), csr.stderr());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/outpost/tls/device.key.pem"))));

        Path artifact = TestArtifacts.write(Files.createDirectories(tmp.resolve("build")), "edge", List.of(),
                Ed25519Key.read(auth.resolve("publisher.jwk")));
        Path bundle = tmp.resolve("gw1.provision");
        var made = Commands.toolkit(PASS, "provision", "device", "gw1", "--authority", auth.toString(), "--csr",
                tmp.resolve("gw1.csr").toString(), "--dns", "localhost", "--ip", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                "--admin-port", "0", "--sync-admin-port", "0", "--artifact", artifact.toString(),
                "--mgmt-url", "https://127.0.0.1:9/", "--out", bundle.toString(), "--passphrase-fd", "0");
        assertEquals(0, made.exitCode(), made.stderr());

        var inspect = Commands.device(null, "provision", "inspect", bundle.toString(), "--authority-cert", auth.resolve("authority.pem").toString());
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
