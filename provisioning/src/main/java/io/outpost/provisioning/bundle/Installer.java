package io.outpost.provisioning.bundle;

import io.outpost.provisioning.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * {@code outpost provision install}: a verified bundle into {@code ROOT/etc/outpost} and
 * {@code ROOT/var/lib/outpost}. Everything is checked and decrypted before anything is written, so a
 * refusal leaves the root as it was; a second install of the same bundle changes nothing.
 */
public final class Installer {
    /** The installer's owners: configuration root:outpost 0640 (the service reads it, cannot change it), secrets and state outpost-only. */
    private static final String CONFIG_MODE = "rw-r-----";
    private static final String SECRET_MODE = "rw-------";
    private static final String DROP_IN_MODE = "rw-r--r--";

    private Installer() {}

    public static InstallReport install(ProvisioningBundle bundle, X509CertificateHolder authority, Path root,
                                        DeviceKeyInstall.Passphrase passphrase, Instant now) throws ProvisioningException, IOException {
        root = root.toAbsolutePath().normalize();
        InstallChecks.certificates(bundle, authority, now);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String entry : bundle.entries()) {
            if (!entry.equals(Layout.DESCRIPTOR) && !entry.equals(Layout.KEY_ENCRYPTED)) {
                requireInside(bundle, entry);
                files.put(entry, bundle.bytes(entry));
            }
        }
        files.put(Layout.INSTALLED_DESCRIPTOR, bundle.bytes(Layout.DESCRIPTOR));
        List<String> notes = new ArrayList<>();
        byte[] key = DeviceKeyInstall.key(bundle, root, passphrase);
        if (key != null) {
            files.put(Layout.KEY, key);
        }
        UpdateFloor.keepNewer(files, root, notes);
        Map<String, byte[]> dropIns = DropIns.of(files.get(Layout.GATEWAY_YAML), files.get(Layout.SYNC_YAML));
        if (dropIns.get(DropIns.GPIO) != null) {
            ServiceUser.noteMissingGroup(root, "gpio", notes);
        }
        Optional<ServiceUser> user = owners(root, notes);

        List<String> written = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        try (StagedFiles staged = new StagedFiles()) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                boolean secret = Layout.isPrivate(f.getKey());
                String mode = secret ? SECRET_MODE : CONFIG_MODE;
                Integer uid = user.map(u -> secret ? u.uid() : 0).orElse(null);
                Integer gid = user.map(ServiceUser::gid).orElse(null);
                stageIfChanged(staged, root, f.getKey(), f.getValue(), mode, uid, gid, written, unchanged, user);
            }
            for (Map.Entry<String, byte[]> d : dropIns.entrySet()) {
                if (d.getValue() != null) {
                    stageIfChanged(staged, root, d.getKey(), d.getValue(), DROP_IN_MODE, null, null, written, unchanged, Optional.empty());
                }
            }
            staged.commit();
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, byte[]> d : dropIns.entrySet()) {
            if (d.getValue() == null && Files.deleteIfExists(root.resolve(d.getKey()))) {
                removed.add(d.getKey());
            }
        }
        boolean changed = !removed.isEmpty() || dropIns.keySet().stream().anyMatch(written::contains);
        if (changed) {
            notes.add("systemd drop-ins changed: run systemctl daemon-reload before starting outpost-gateway and outpost-sync");
        }
        return new InstallReport(written, unchanged, removed, notes);
    }

    private static void stageIfChanged(StagedFiles staged, Path root, String rel, byte[] bytes, String mode, Integer uid,
                                       Integer gid, List<String> written, List<String> unchanged, Optional<ServiceUser> user)
            throws IOException {
        Path target = root.resolve(rel);
        directories(root, target.getParent(), user);
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(target)).equals(mode)
                && (uid == null || (Files.getAttribute(target, "unix:uid").equals(uid) && Files.getAttribute(target, "unix:gid").equals(gid)))) {
            unchanged.add(rel);
            return;
        }
        staged.stage(target, bytes, mode, uid, gid);
        written.add(rel);
    }

    /** Missing directories get the package's modes: /etc/outpost 0750 (group outpost), /var/lib/outpost 0700 (owner outpost). */
    private static void directories(Path root, Path dir, Optional<ServiceUser> user) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        directories(root, dir.getParent(), user);
        String rel = root.relativize(dir).toString() + "/";
        boolean state = rel.startsWith(Layout.STATE);
        boolean etc = rel.startsWith(Layout.ETC);
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(state ? "rwx------" : etc ? "rwxr-x---" : "rwxr-xr-x"));
        if (user.isPresent() && (state || etc)) {
            Files.setAttribute(dir, "unix:uid", state ? user.get().uid() : 0);
            Files.setAttribute(dir, "unix:gid", user.get().gid());
        }
    }

    private static Optional<ServiceUser> owners(Path root, List<String> notes) throws IOException {
        Optional<ServiceUser> user = ServiceUser.in(root);
        if (user.isEmpty()) {
            notes.add("no user '" + ServiceUser.NAME + "' in " + root.resolve("etc/passwd") + ": files keep this process's owner "
                    + "(install the .deb first, or chown them to the service user)");
            return Optional.empty();
        }
        if (!ServiceUser.weAreRoot()) {
            notes.add("not running as root: files keep this process's owner, not " + ServiceUser.NAME
                    + " (run install with sudo so the service user owns its keys)");
            return Optional.empty();
        }
        return user;
    }

    private static void requireInside(ProvisioningBundle bundle, String entry) throws ProvisioningException {
        if (!entry.startsWith(Layout.ETC) && !entry.startsWith(Layout.STATE)) {
            throw new ProvisioningException(bundle.file() + ": entry " + entry + " is outside etc/outpost and var/lib/outpost",
                    "a provisioning bundle writes nowhere else; make it again with outpost provision device");
        }
    }
}
