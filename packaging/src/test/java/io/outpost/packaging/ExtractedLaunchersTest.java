package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb unpacked with dpkg-deb -x into a temporary root and its launchers run there: OUTPOST_SHARE
 * points them at the extracted /usr/share/outpost, so this runs exactly the packaged jars and scripts.
 */
class ExtractedLaunchersTest {
    @TempDir
    static Path root;
    private static Map<String, String> env;

    @BeforeAll
    static void extract() throws Exception {
        Command.run("dpkg-deb", "-x", Built.deb().toString(), root.toString()).ok();
        env = Map.of("OUTPOST_SHARE", root.resolve("usr/share/outpost").toString(),
                "OUTPOST_CDS_DIR", root.resolve("var/cache/outpost").toString());
    }

    private static Command run(Map<String, String> extra, String bin, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = root.resolve("usr/bin").resolve(bin).toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(extra);
        return Command.run(all, argv);
    }

    @Test
    void eachLauncherStartsItsMainFromThePackagedJars() {
        assertTrue(run(Map.of(), "outpost", "--help").ok().stdout().startsWith("Usage: outpost "));
        assertTrue(run(Map.of(), "outpost-gateway", "--help").ok().stdout().startsWith("Usage: outpost gateway "));
        assertTrue(run(Map.of(), "outpost-sync", "--help").ok().stdout().startsWith("Usage: outpost sync "));
        assertTrue(run(Map.of(), "outpost", "sync", "status", "--help").ok().stdout().startsWith("Usage: outpost sync status"));
        assertTrue(run(Map.of(), "outpost", "mgmt", "--help").ok().stdout().startsWith("Usage: outpost mgmt"));
    }

    /** Issue 16's one CLI on a device: --version of each entry point, help listing and help of the commands run elsewhere. */
    @Test
    void theDeviceLaunchersAnswerVersionAndListEveryCommand() {
        String line = "outpost %s \\S+ \\(commit ([0-9a-f]{7,}|unknown)\\)\n";
        assertTrue(run(Map.of(), "outpost", "--version").ok().stdout().matches(String.format(line, "device")));
        assertTrue(run(Map.of(), "outpost", "gateway", "-V").ok().stdout().matches(String.format(line, "gateway")));
        assertTrue(run(Map.of(), "outpost", "sync", "--version").ok().stdout().matches(String.format(line, "sync")));
        assertTrue(run(Map.of(), "outpost", "mgmt", "--version").ok().stdout().matches(String.format(line, "mgmt")));
        String help = run(Map.of(), "outpost", "--help").ok().stdout();
        assertTrue(help.contains("\n  gateway ") && help.contains("\n  sync ") && help.contains("\n  completion "), help);
        assertTrue(run(Map.of(), "outpost", "help", "gateway").ok().stdout().startsWith("Usage: outpost gateway "));
        assertTrue(run(Map.of(), "outpost", "completion", "bash").ok().stdout().contains("gateway sync mgmt completion"));
    }

    /** On a device, /usr/bin/outpost is the device CLI (issue 14): provision and hash-password, from the device class path. */
    @Test
    void theDeviceCliRunsProvisionAndHashPasswordWithoutTheToolkit() throws Exception {
        assertTrue(run(Map.of(), "outpost", "provision", "--help").ok().stdout().startsWith("Usage: outpost provision "));
        String help = run(Map.of(), "outpost", "hash-password", "--help").ok().stdout();
        assertTrue(help.startsWith("Usage: outpost hash-password ") && help.contains("--api-key"), help);
        String[] key = run(Map.of(), "outpost", "hash-password", "--api-key").ok().stdout().split("\n");
        assertEquals(2, key.length);
        assertTrue(key[0].startsWith("opk_") && key[1].startsWith("sha256:"), String.join("\n", key));
        Map<String, String> all = new java.util.HashMap<>(env);
        Command hashed = Command.run(all, "sh", "-c", "printf 'pw\\n' | '" + root.resolve("usr/bin/outpost")
                + "' hash-password --memory 1024 --iterations 1").ok();
        assertTrue(hashed.stdout().startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hashed.toString());
        java.util.List<String> device = Files.readAllLines(root.resolve("usr/share/outpost/classpath/device"));
        assertEquals("outpost-provisioning.jar", device.get(0));
        assertTrue(device.stream().noneMatch(j -> j.startsWith("outpost-toolkit") || j.startsWith("swagger-")), device.toString());
    }

    @Test
    void authoringCommandsSayTheyRunOnTheAuthoringMachine() {
        for (String command : new String[] {"init", "build", "validate"}) {
            Command c = run(Map.of(), "outpost", command, "x");
            assertEquals(2, c.exitCode(), c.toString());
            assertEquals("", c.stdout());
            assertTrue(c.stderr().contains("'" + command + "' is not a device command")
                    && c.stderr().contains("run on the authoring machine with the Outpost toolkit"), c.toString());
        }
    }

    @Test
    void theGatewayGetsTheDeviceHeapFromJvmProperties() {
        Command gateway = run(Map.of("OUTPOST_JAVA_OPTS", "-XshowSettings:vm"), "outpost-gateway", "--help").ok();
        assertTrue(gateway.stderr().contains("Max. Heap Size: 64.00M"), gateway.toString());
    }

    @Test
    void theReloadClientGetsItsOwnLightOptions() {
        // ExecReload runs 'outpost-gateway reload' in the gateway's cgroup: jvm.gateway-reload, not the gateway's 64 MB heap.
        // It reads only admin.host/port of the shipped file (whose publisher key is not there yet): no gateway on port 1.
        for (String[] command : new String[][] {{"outpost-gateway"}, {"outpost", "gateway"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command).subList(1, command.length));
            args.addAll(java.util.List.of("reload", "--config", root.resolve("etc/outpost/gateway.yaml").toString(), "--admin-port", "1"));
            Command c = run(Map.of("OUTPOST_JAVA_OPTS", "-XshowSettings:vm"), command[0], args.toArray(String[]::new));
            assertEquals(7, c.exitCode(), c.toString());
            assertTrue(c.stderr().contains("Max. Heap Size: 16.00M"), c.toString());
            assertTrue(c.stderr().contains("no gateway answered on its admin port 127.0.0.1:1"), c.toString());
        }
    }

    @Test
    void theShippedConfigurationsParseAndNameWhatProvisioningMustBring() {
        Command gateway = run(Map.of(), "outpost-gateway", "--config", root.resolve("etc/outpost/gateway.yaml").toString());
        assertEquals(3, gateway.exitCode(), gateway.toString());
        // One problem only: the publisher key that provisioning brings; the rest of the file is valid.
        assertEquals(2, gateway.stderr().strip().lines().count(), gateway.toString());
        assertTrue(gateway.stderr().contains("trust.publisherKeys[0]: file /etc/outpost/trust/publisher.pub.jwk does not exist"),
                gateway.toString());
        Command sync = run(Map.of(), "outpost-sync", "run", "--config", root.resolve("etc/outpost/sync.yaml").toString());
        assertEquals(3, sync.exitCode(), sync.toString());
        assertTrue(sync.stderr().contains("management.url is required"), sync.toString());
    }

    @Test
    void aMissingInstallSaysWhatIsMissing(@TempDir Path empty) {
        Command c = run(Map.of("OUTPOST_SHARE", empty.toString()), "outpost-gateway", "--help");
        assertTrue(c.exitCode() != 0 && c.stderr().contains(empty + "/launcher.sh"), c.toString());
    }

    @Test
    void preinstRefuses32BitArmWithTheReason(@TempDir Path tmp) throws Exception {
        Command.run("dpkg-deb", "-e", Built.deb().toString(), tmp.resolve("DEBIAN").toString()).ok();
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        for (String arch : new String[] {"armhf", "arm64", "amd64"}) {
            Path dpkg = bin.resolve("dpkg");
            Files.writeString(dpkg, "#!/bin/sh\n[ \"$1\" = --print-architecture ] && echo " + arch + "\n");
            dpkg.toFile().setExecutable(true);
            Command preinst = Command.run(Map.of("PATH", bin + ":" + System.getenv("PATH")),
                    tmp.resolve("DEBIAN/preinst").toString(), "install");
            if (arch.equals("armhf")) {
                assertEquals(1, preinst.exitCode(), preinst.toString());
                assertTrue(preinst.stderr().contains("cannot be installed on armhf (32-bit ARM): the native libraries"),
                        preinst.toString());
            } else {
                assertEquals(0, preinst.exitCode(), arch + ": " + preinst);
            }
        }
    }
}
