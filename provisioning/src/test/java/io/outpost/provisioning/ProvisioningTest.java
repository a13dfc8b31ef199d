package io.outpost.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.artifact.CanonicalZip;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.authority.AuthorityFiles;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.authority.AuthorityStore;
import io.outpost.provisioning.authority.KeyRotation;
import io.outpost.provisioning.bundle.AuthorityTrust;
import io.outpost.provisioning.bundle.InstallReport;
import io.outpost.provisioning.bundle.Layout;
import io.outpost.provisioning.bundle.ProvisioningBundle;
import io.outpost.provisioning.pki.DeviceKeys;
import io.outpost.provisioning.pki.Validity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authority, bundle and install on real files; each refusal must name the file. */
class ProvisioningTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void authorityKeyIsEncryptedOwnerOnlyAndOpensOnlyWithItsPassphrase() throws Exception {
        Fixture f = Fixture.init(tmp);
        AuthorityFiles files = f.authority().files();
        String pem = Files.readString(files.encryptedKey());
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
        assertEquals("rw-------", mode(files.encryptedKey()));
        assertEquals("rw-------", mode(files.key(SignedKey.UPDATE)));
        assertEquals(f.authority().key().thumbprint(), AuthorityStore.open(files, Fixture.PASS).key().thumbprint());
        var wrong = assertThrows(ProvisioningException.class, () -> AuthorityStore.open(files, "not it at all".toCharArray()));
        assertTrue(wrong.getMessage().contains(files.encryptedKey() + ": wrong passphrase"), wrong.getMessage());
    }

    @Test
    void authorityKeyOthersCanReadIsRefused() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path key = f.authority().files().encryptedKey();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        var e = assertThrows(ProvisioningException.class, () -> AuthorityStore.open(f.authority().files(), Fixture.PASS));
        assertTrue(e.getMessage().startsWith(key + ": a private key with mode 0644"), e.getMessage());
        assertTrue(e.hint().contains("chmod 600 " + key), e.hint());
    }

    @Test
    void installWritesEveryFileWithItsModeAndAReinstallChangesNothing() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path bundle = f.bundle("gw1", null);
        Path root = tmp.resolve("root");
        InstallReport first = f.install(bundle, root);
        assertTrue(first.written().contains(Layout.KEY), first.toString());
        assertFalse(Files.exists(root.resolve(Layout.KEY_ENCRYPTED)), "the encrypted form is not installed");
        assertEquals("rw-------", mode(root.resolve(Layout.KEY)));
        assertEquals("rw-r-----", mode(root.resolve(Layout.GATEWAY_YAML)));
        assertEquals("rwx------", mode(root.resolve("var/lib/outpost")));
        assertEquals("rwxr-x---", mode(root.resolve("etc/outpost")));
        assertTrue(Files.readString(root.resolve(Layout.KEY)).startsWith("-----BEGIN PRIVATE KEY-----"));
        // the installed key is the certificate's
        DeviceKeys.publicKeyOf(Files.readAllBytes(root.resolve(Layout.KEY)), "key");

        InstallReport again = f.install(bundle, root);
        assertEquals(List.of(), again.written(), again.toString());
        assertEquals(first.written().size(), again.unchanged().size());
        try (var files = Files.walk(root)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".provision-tmp")), "no staged file left");
        }
    }

    @Test
    void csrKeyStaysOnTheDeviceAndMustBeOwnerOnly() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path root = tmp.resolve("root");
        var pair = DeviceKeys.generate();
        Path key = root.resolve(Layout.KEY);
        Files.createDirectories(key.getParent());
        Files.writeString(key, DeviceKeys.privateKeyPem(pair));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path csr = tmp.resolve("gw1.csr");
        Files.writeString(csr, DeviceKeys.csrPem(pair, "gw1"));
        Path bundle = f.bundle("gw1", csr);
        try (var zip = Files.newInputStream(bundle)) {
            assertFalse(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"), "no key in a CSR bundle");
        }
        var e = assertThrows(ProvisioningException.class, () -> f.install(bundle, root));
        assertTrue(e.getMessage().startsWith(key + ": a private key with mode 0644"), e.getMessage());
        assertFalse(Files.exists(root.resolve(Layout.GATEWAY_YAML)), "nothing written after a refusal");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        f.install(bundle, root);
        assertTrue(Files.exists(root.resolve(Layout.GATEWAY_YAML)));

        // another device's request: its certificate does not match this device's key
        Path other = tmp.resolve("other.csr");
        Files.writeString(other, DeviceKeys.csrPem(DeviceKeys.generate(), "gw1"));
        var mismatch = assertThrows(ProvisioningException.class, () -> f.install(f.bundle("gw1", other), root));
        assertTrue(mismatch.getMessage().startsWith(key + ": is not the key of"), mismatch.getMessage());
    }

    @Test
    void tamperedBundleIsRefusedNamingTheEntry() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path bundle = f.bundle("gw1", null);
        List<CanonicalZip.Entry> entries = new ArrayList<>(CanonicalZip.decode(ByteBuffer.wrap(Files.readAllBytes(bundle))));
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(Layout.GATEWAY_YAML)) {
                String yaml = new String(entries.get(i).bytes(), StandardCharsets.UTF_8).replace("port: 0", "port: 1");
                entries.set(i, CanonicalZip.Entry.of(Layout.GATEWAY_YAML, yaml.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Path tampered = tmp.resolve("tampered.provision");
        Files.write(tampered, CanonicalZip.encode(entries));
        var e = assertThrows(ProvisioningException.class, () -> f.install(tampered, tmp.resolve("root")));
        assertTrue(e.getMessage().contains(tampered.toString()) && e.getMessage().contains(Layout.GATEWAY_YAML)
                && e.getMessage().contains("altered"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("root")), "nothing written");

        byte[] raw = Files.readAllBytes(bundle);
        raw[raw.length / 2] ^= 1;
        Path flipped = tmp.resolve("flipped.provision");
        Files.write(flipped, raw);
        var e2 = assertThrows(ProvisioningException.class, () -> f.install(flipped, tmp.resolve("root")));
        assertTrue(e2.getMessage().contains(flipped.toString()), e2.getMessage());
    }

    @Test
    void bundleOfAnotherAuthorityIsRefused() throws Exception {
        Fixture mine = Fixture.init(tmp.resolve("mine"));
        Fixture theirs = Fixture.init(tmp.resolve("theirs"));
        Path bundle = theirs.bundle("gw1", null);
        var e = assertThrows(ProvisioningException.class, () -> ProvisioningBundle.read(bundle, mine.authority().key().publicKey()));
        assertTrue(e.getMessage().startsWith(bundle + ": signed by authority key " + theirs.authority().key().thumbprint()
                + ", not by the authority this device trusts"), e.getMessage());
        var fp = assertThrows(ProvisioningException.class,
                () -> AuthorityTrust.resolve(bundle, null, mine.fingerprint(), tmp.resolve("root")));
        assertTrue(fp.getMessage().contains("not the " + mine.fingerprint()), fp.getMessage());
        assertEquals(theirs.authority().key().thumbprint(),
                AuthorityTrust.resolve(bundle, null, theirs.fingerprint(), tmp.resolve("root")).thumbprint());
        var none = assertThrows(ProvisioningException.class, () -> AuthorityTrust.resolve(bundle, null, null, tmp.resolve("root")));
        assertTrue(none.getMessage().startsWith("no trusted authority for " + bundle), none.getMessage());
    }

    @Test
    void expiredCertificateIsRefusedNamingTheEntry() throws Exception {
        Fixture f = Fixture.init(tmp);
        Instant past = Instant.now().minus(Duration.ofDays(10));
        Path bundle = f.bundle(Fixture.request("gw1", null, new Validity(past.minus(Duration.ofDays(30)), past), 0));
        var e = assertThrows(ProvisioningException.class, () -> f.install(bundle, tmp.resolve("root")));
        assertTrue(e.getMessage().startsWith(bundle + ": " + Layout.CLIENT_CERT + ": certificate CN=gw1 expired at")
                || e.getMessage().startsWith(bundle + ": " + Layout.SERVER_CERT + ": certificate CN=gw1 expired at"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("root")));
    }

    @Test
    void portBelow1024GetsTheCapabilityDropInAndLosesItWhenReprovisionedAbove() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path root = tmp.resolve("root");
        f.install(f.bundle(Fixture.request("gw1", null, Validity.days(Instant.now(), 30), 443)), root);
        Path dropIn = root.resolve("etc/systemd/system/outpost-gateway.service.d/50-outpost-provision-ports.conf");
        String conf = Files.readString(dropIn);
        assertTrue(conf.contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"), conf);
        InstallReport again = f.install(f.bundle(Fixture.request("gw1", null, Validity.days(Instant.now(), 30), 8443)), root);
        assertFalse(Files.exists(dropIn));
        assertTrue(again.removed().contains("etc/systemd/system/outpost-gateway.service.d/50-outpost-provision-ports.conf"));
    }

    @Test
    void rotatingTheUpdateKeyRetiresTheOldOneAndNewBundlesCarryTheNew() throws Exception {
        Fixture f = Fixture.init(tmp);
        AuthorityFiles files = f.authority().files();
        String before = Ed25519Key.read(files.publicKey(SignedKey.UPDATE)).thumbprint();
        Path root = tmp.resolve("root");
        f.install(f.bundle("gw1", null), root);

        String retired = KeyRotation.rotate(AuthorityStore.open(files, Fixture.PASS), SignedKey.UPDATE, Ed25519Key.generate());
        assertEquals(before, retired);
        String after = Ed25519Key.read(files.publicKey(SignedKey.UPDATE)).thumbprint();
        assertNotEquals(before, after);
        assertTrue(Files.exists(files.retired(SignedKey.UPDATE, before).resolve("update-signing.jwk")));
        assertEquals("rw-------", mode(files.key(SignedKey.UPDATE)));

        f.install(f.bundle("gw1", null), root);
        assertEquals(after, Ed25519Key.read(root.resolve(Layout.UPDATE_KEY)).thumbprint());
    }
}
