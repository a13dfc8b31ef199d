package io.outpost.provisioning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.BuildInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The device CLI (the package's /usr/bin/outpost) in issue 16's one CLI: --version, help of every command, completion. */
class DeviceCliSurfaceTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DeviceCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new String[] {String.valueOf(cli.execute(args)), out.toString(), err.toString()};
    }

    @Test
    void versionInTheOneFormat() {
        for (String option : new String[] {"--version", "-V"}) {
            String[] r = run(option);
            assertEquals("0", r[0], r[2]);
            assertEquals(BuildInfo.versionLine("device") + System.lineSeparator(), r[1]);
        }
        assertTrue(BuildInfo.versionLine("device").startsWith("outpost device " + BuildInfo.version() + " (commit "));
    }

    /** 'outpost provision csr --version' and every other subcommand printed nothing: now the device CLI's line. */
    @Test
    void everySubcommandPrintsTheDeviceVersionLine() {
        List<List<String>> paths = withVersion(new CommandLine(new DeviceCli()), List.of());
        assertTrue(paths.size() >= 6, paths.toString()); // provision, csr, inspect, install, hash-password, completion
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            String[] r = run(args.toArray(String[]::new));
            assertEquals("0", r[0], r[2]);
            assertEquals(BuildInfo.versionLine("device") + System.lineSeparator(), r[1], String.join(" ", path));
        }
    }

    private static List<List<String>> withVersion(CommandLine cli, List<String> at) {
        List<List<String>> paths = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(at);
            path.add(name);
            if (sub.getCommandSpec().optionsMap().containsKey("--version")) {
                paths.add(path);
            }
            paths.addAll(withVersion(sub, path));
        });
        return paths;
    }

    @Test
    void helpListsTheCommandsTheLauncherRunsElsewhereAndCompletionCoversThem() {
        String[] help = run("--help");
        assertEquals("0", help[0]);
        for (String command : new String[] {"provision", "hash-password", "gateway", "sync", "mgmt", "completion"}) {
            assertTrue(help[1].contains("\n  " + command + " "), command + ":\n" + help[1]);
        }
        String[] completion = run("completion", "bash");
        assertEquals("0", completion[0], completion[2]);
        assertTrue(completion[1].contains("provision hash-password gateway sync mgmt completion help"), completion[1]);
    }
}
