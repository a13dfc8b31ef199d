package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built .deb read with dpkg-deb, and the .tar.gz with tar: fields, scripts, paths, modes, jars. */
class DebContentsTest {

    /** dpkg-deb --contents: path -> "mode owner/group". */
    private static Map<String, String> contents() throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (String line : Command.run("dpkg-deb", "--contents", Built.deb().toString()).ok().stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            String path = f[5].replaceFirst("^\\./", "/");
            entries.put(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path, f[0] + " " + f[1]);
        }
        return entries;
    }

    @Test
    void controlFieldsSayWhatTheDeviceNeeds() throws Exception {
        String deb = Built.deb().toString();
        assertEquals("outpost", field(deb, "Package"));
        assertEquals("all", field(deb, "Architecture"));
        assertEquals("openjdk-17-jre-headless (>= 17.0.9) | java17-runtime-headless, passwd", field(deb, "Depends"));
        String version = field(deb, "Version");
        assertTrue(Built.deb().getFileName().toString().equals("outpost_" + version + "_all.deb"), version);
        assertTrue(field(deb, "Maintainer").matches(".+ <[^>]+@[^>]+>"), field(deb, "Maintainer"));
        assertTrue(!field(deb, "Description").isBlank());
        String info = Command.run("dpkg-deb", "--info", deb).ok().stdout();
        for (String member : List.of("preinst", "postinst", "prerm", "postrm", "triggers", "conffiles", "md5sums")) {
            assertTrue(info.matches("(?s).*\\s" + member + "\\s.*"), member + " missing:\n" + info);
        }
        assertEquals("/etc/outpost/gateway.yaml\n/etc/outpost/sync.yaml", controlFile(deb, "conffiles").strip());
        assertEquals("interest-noawait /usr/lib/jvm", controlFile(deb, "triggers").lines()
                .filter(l -> !l.startsWith("#")).findFirst().orElse(""));
    }

    @Test
    void filesLandWhereTheUnitsAndLaunchersLookWithTheirModes() throws Exception {
        Map<String, String> entries = contents();
        for (String bin : List.of("outpost", "outpost-gateway", "outpost-sync")) {
            assertEquals("-rwxr-xr-x root/root", entries.get("/usr/bin/" + bin), bin);
        }
        assertEquals("-rwxr-xr-x root/root", entries.get("/usr/share/outpost/cds-refresh"));
        assertEquals("-rw-r--r-- root/root", entries.get("/usr/share/outpost/launcher.sh"));
        assertEquals("-rw-r--r-- root/root", entries.get("/usr/share/outpost/jvm.properties"));
        for (String unit : Built.units()) {
            assertEquals("-rw-r--r-- root/root", entries.get("/lib/systemd/system/" + unit), unit);
        }
        assertTrue(Built.units().containsAll(List.of("outpost-gateway.service", "outpost-sync.service")), Built.units().toString());
        assertEquals("-rw-r--r-- root/root", entries.get("/etc/outpost/gateway.yaml"));
        assertEquals("-rw-r--r-- root/root", entries.get("/etc/outpost/sync.yaml"));
        // State is made by postinst (owned by the service user), never shipped: dpkg must not own it.
        assertTrue(entries.keySet().stream().noneMatch(p -> p.startsWith("/var")), entries.keySet().toString());
        List<String> jarsNotPlain = new ArrayList<>();
        entries.forEach((path, mode) -> {
            if (path.endsWith(".jar") && !(path.startsWith("/usr/share/outpost/lib/") && mode.equals("-rw-r--r-- root/root"))) {
                jarsNotPlain.add(path + " " + mode);
            }
        });
        assertEquals(List.of(), jarsNotPlain);
    }

    @Test
    void everyClassPathNamesJarsThePackageHoldsAndTheTarballHoldsTheSame(@TempDir Path tmp) throws Exception {
        Command.run("dpkg-deb", "-x", Built.deb().toString(), tmp.toString()).ok();
        Path share = tmp.resolve("usr/share/outpost");
        TreeSet<String> named = new TreeSet<>();
        // No toolkit role: the package holds what a device runs; authoring is on the authoring machine (issue 14).
        assertTrue(Files.notExists(share.resolve("classpath/toolkit")), "no toolkit in the device package");
        for (String role : List.of("gateway", "sync", "device")) {
            List<String> jars = Files.readAllLines(share.resolve("classpath/" + role));
            assertTrue(jars.get(0).startsWith("outpost-"), role + " starts with its module's jar: " + jars);
            named.addAll(jars);
        }
        TreeSet<String> lib = new TreeSet<>();
        try (var files = Files.list(share.resolve("lib"))) {
            files.forEach(p -> lib.add(p.getFileName().toString()));
        }
        assertEquals(lib, named, "lib/ holds exactly the jars the class paths name");
        TreeSet<String> inTar = new TreeSet<>();
        for (String entry : Command.run("tar", "-tzf", Built.tarball().toString()).ok().stdout().split("\n")) {
            if (entry.matches("outpost-[^/]+/share/outpost/lib/.+\\.jar")) {
                inTar.add(entry.substring(entry.lastIndexOf('/') + 1));
            }
        }
        assertEquals(lib, inTar);
        String tar = Command.run("tar", "-tvzf", Built.tarball().toString()).ok().stdout();
        for (String path : List.of("bin/outpost", "bin/outpost-gateway", "bin/outpost-sync", "share/outpost/cds-refresh")) {
            assertTrue(tar.matches("(?s).*-rwxr-xr-x \\S+ +\\d+ \\S+ \\S+ outpost-[^/]+/" + path + "\n.*"), path + ":\n" + tar);
        }
        for (String unit : Built.units()) {
            assertTrue(tar.contains("/systemd/" + unit), unit);
        }
    }

    @Test
    void maintainerScriptsAreCheckedPosixShell(@TempDir Path tmp) throws Exception {
        Command.run("dpkg-deb", "-e", Built.deb().toString(), tmp.resolve("DEBIAN").toString()).ok();
        List<String> scripts = new ArrayList<>();
        for (String s : List.of("preinst", "postinst", "prerm", "postrm")) {
            Path script = tmp.resolve("DEBIAN").resolve(s);
            assertTrue(Files.isExecutable(script), s);
            assertTrue(Files.readString(script).startsWith("#!/bin/sh\n"), s);
            assertTrue(Files.readString(script).contains("\nset -e\n"), s);
            Command.run("sh", "-n", script.toString()).ok();
            scripts.add(script.toString());
        }
        Command.run("dpkg-deb", "-x", Built.deb().toString(), tmp.toString()).ok();
        for (String s : List.of("usr/bin/outpost", "usr/bin/outpost-gateway", "usr/bin/outpost-sync",
                "usr/share/outpost/cds-refresh", "usr/share/outpost/launcher.sh")) {
            Command.run("sh", "-n", tmp.resolve(s).toString()).ok();
            scripts.add(tmp.resolve(s).toString());
        }
        // shellcheck, where installed (.ci/run installs it): POSIX sh, every warning an error.
        if (Command.run("sh", "-c", "command -v shellcheck").exitCode() == 0) {
            List<String> argv = new ArrayList<>(List.of("shellcheck", "-s", "sh", "-S", "warning"));
            argv.addAll(scripts);
            Command.run(argv.toArray(String[]::new)).ok();
        } else {
            System.err.println("DebContentsTest: shellcheck is not installed: only sh -n checked the scripts");
        }
    }

    private static String field(String deb, String name) {
        return Command.run("dpkg-deb", "--field", deb, name).ok().stdout().strip();
    }

    private static String controlFile(String deb, String name) throws Exception {
        Path dir = Files.createTempDirectory("packaging-control");
        try {
            Command.run("dpkg-deb", "-e", deb, dir.toString()).ok();
            return Files.readString(dir.resolve(name));
        } finally {
            Command.run("rm", "-rf", dir.toString());
        }
    }
}
