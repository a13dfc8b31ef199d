package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed by the real dpkg into a temporary root (--root, its own database), upgraded to a
 * second build with a higher version, and purged. The maintainer scripts run on the host
 * (--force-script-chrootless) and act under $DPKG_ROOT, which dpkg sets: the user lands in the root's
 * /etc/passwd, never the host's. What this cannot show, a real systemd starting the units, is the
 * KVM test's (issue 14, "Under a real systemd").
 */
class DpkgRootInstallTest {

    @Test
    void installUpgradeKeepsEditsAndStateTriggerRemakesArchivesPurgeRemovesAll(@TempDir Path tmp) throws Exception {
        assumeTrue(Built.root(), "DpkgRootInstallTest needs root (dpkg --root chowns to the service user); CI runs as root");
        Path root = emptyRoot(tmp.resolve("root"));
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));

        dpkg(root, "-i", fakeJvmPackage(tmp.resolve("jvm1"), "1").toString());
        dpkg(root, "-i", Built.deb().toString());
        assertEquals("installed", status(root));
        String user = Files.readString(root.resolve("etc/passwd")).lines().filter(l -> l.startsWith("outpost:")).findFirst()
                .orElseThrow(() -> new AssertionError("no outpost user in the root's /etc/passwd"));
        assertTrue(user.endsWith(":/var/lib/outpost:/usr/sbin/nologin"), user);
        assertTrue(Files.readString(root.resolve("etc/group")).contains("\noutpost:"));
        Path state = root.resolve("var/lib/outpost");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(user.split(":")[2], String.valueOf(Files.getAttribute(state, "unix:uid")));
        // The units keep /etc/outpost root's with mode 0750: the service user reads it as its group.
        Path etc = root.resolve("etc/outpost");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc)));
        assertEquals(0, Files.getAttribute(etc, "unix:uid"));
        assertEquals(user.split(":")[3], String.valueOf(Files.getAttribute(etc, "unix:gid")));
        for (String unit : Built.units()) {
            assertTrue(Files.isSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/" + unit))
                    || Files.readString(root.resolve("lib/systemd/system/" + unit)).lines().noneMatch(l -> l.startsWith("WantedBy")),
                    unit + " enabled");
        }
        Path archives = root.resolve("var/cache/outpost");
        assertArchivesWork(root);
        // postinst's training runs journal and stop a gateway: jffi, first loaded at its exit, left an
        // empty jffi*.so in the working directory (/ on a device) until NativeWorkdir named it a directory.
        assertEquals(List.of(), strayNativeLibraries(root, Path.of("").toAbsolutePath()), "stray jffi libraries");
        assertEquals(hostPasswd, Files.readString(Path.of("/etc/passwd")), "the host's users are untouched");

        // A device in use: an edited configuration and state the gateway wrote.
        Path gatewayYaml = root.resolve("etc/outpost/gateway.yaml");
        Files.writeString(gatewayYaml, Files.readString(gatewayYaml).replace("port: 9090", "port: 8080"));
        Files.writeString(state.resolve("device-id"), "edge-42\n");

        Path v2 = rebuildWithVersion(Built.deb(), tmp.resolve("v2"), "99.0.0");
        dpkg(root, "-i", v2.toString());
        assertEquals("99.0.0", Command.run("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W",
                "-f=${Version}", "outpost").ok().stdout());
        assertTrue(Files.readString(gatewayYaml).contains("port: 8080"), "the edit survives the upgrade");
        assertEquals("edge-42\n", Files.readString(state.resolve("device-id")));
        assertEquals(1, Files.readString(root.resolve("etc/passwd")).lines().filter(l -> l.startsWith("outpost:")).count());
        assertArchivesWork(root);

        // A Java runtime upgraded under /usr/lib/jvm: the trigger remakes the archives.
        Files.delete(archives.resolve("gateway.jsa"));
        dpkg(root, "-i", fakeJvmPackage(tmp.resolve("jvm2"), "2").toString());
        assertTrue(Files.isRegularFile(archives.resolve("gateway.jsa")), "the trigger remade gateway.jsa");

        dpkg(root, "--purge", "outpost");
        assertEquals("not-installed", status(root));
        for (String gone : new String[] {"etc/outpost", "var/lib/outpost", "var/cache/outpost", "usr/share/outpost", "usr/bin/outpost"}) {
            assertFalse(Files.exists(root.resolve(gone)), gone + " is left after purge");
        }
        assertFalse(Files.readString(root.resolve("etc/passwd")).contains("outpost:"));
        assertFalse(Files.readString(root.resolve("etc/group")).contains("outpost:"));
    }

    /** The archives postinst made are the ones the launcher uses: -Xshare:on fails the JVM when one cannot be. */
    private static void assertArchivesWork(Path root) {
        Map<String, String> env = Map.of("OUTPOST_SHARE", root.resolve("usr/share/outpost").toString(),
                "OUTPOST_CDS_DIR", root.resolve("var/cache/outpost").toString(), "OUTPOST_JAVA_OPTS", "-Xshare:on");
        assertTrue(Files.isRegularFile(root.resolve("var/cache/outpost/gateway.jsa")));
        assertTrue(Files.isRegularFile(root.resolve("var/cache/outpost/sync-status.jsa")));
        Command.run(env, root.resolve("usr/bin/outpost-gateway").toString(), "--help").ok();
        Command.run(env, root.resolve("usr/bin/outpost").toString(), "sync", "status", "--help").ok();
    }

    /** Native libraries unpacked into a directory's top level (where a process ran) rather than a work directory. */
    private static List<Path> strayNativeLibraries(Path... dirs) throws Exception {
        List<Path> stray = new ArrayList<>();
        for (Path dir : dirs) {
            try (var files = Files.newDirectoryStream(dir, "jffi*.so")) {
                files.forEach(stray::add);
            }
        }
        return stray;
    }

    private static Path emptyRoot(Path root) throws Exception {
        for (String dir : new String[] {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc"}) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("var/lib/dpkg/available"), "");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        return root;
    }

    /** dpkg on the root, maintainer scripts on the host (with DPKG_ROOT set). */
    private static void dpkg(Path root, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "dpkg";
        argv[1] = "--root=" + root;
        argv[2] = "--force-script-chrootless";
        System.arraycopy(args, 0, argv, 3, args.length);
        Command.run(Map.of("DEBIAN_FRONTEND", "noninteractive"), argv).ok();
    }

    private static String status(Path root) {
        Command q = Command.run("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${db:Status-Status}", "outpost");
        return q.exitCode() == 0 ? q.stdout() : "not-installed";
    }

    /** The same package with a higher version: a second build, as an upgrade brings it. */
    private static Path rebuildWithVersion(Path deb, Path dir, String version) throws Exception {
        Path tree = Files.createDirectories(dir).resolve("tree");
        Command.run("dpkg-deb", "-R", deb.toString(), tree.toString()).ok();
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path out = dir.resolve("outpost_" + version + "_all.deb");
        Command.run("dpkg-deb", "--root-owner-group", "-Zgzip", "-b", tree.toString(), out.toString()).ok();
        return out;
    }

    /**
     * Stands for the host's Java runtime and passwd in the root's database (the scripts run the host's
     * java and useradd): it provides what the package depends on, and its file under /usr/lib/jvm is
     * what a Java runtime's upgrade touches. (With the dependencies forced instead, dpkg defers the
     * trigger of a package whose dependencies are unmet, and gives up on it as a loop.)
     */
    private static Path fakeJvmPackage(Path dir, String version) throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("DEBIAN"));
        // The runtime's upgrade: the same path with new content.
        Files.createDirectories(tree.resolve("usr/lib/jvm/fake-jre"));
        Files.writeString(tree.resolve("usr/lib/jvm/fake-jre/release"), "JAVA_VERSION=\"17.0." + version + "\"\n");
        Files.writeString(tree.resolve("DEBIAN/control"), """
                Package: outpost-test-fake-jre
                Version: %s
                Architecture: all
                Provides: java17-runtime-headless, passwd
                Maintainer: Outpost tests <tests@outpost.invalid>
                Description: a file under /usr/lib/jvm, for the outpost package's trigger test
                """.formatted(version));
        Path out = dir.resolve("fake-jre.deb");
        Command.run("dpkg-deb", "--root-owner-group", "-b", tree.toString(), out.toString()).ok();
        return out;
    }
}
