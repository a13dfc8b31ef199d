package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.BuildInfo;
import io.outpost.sync.mgmt.MgmtMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 16: 'outpost sync -V' printed nothing; sync and mgmt now print the one version line every entry point prints. */
class AgentVersionTest {

    private static String version(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute(args), String.join(" ", args));
        return out.toString();
    }

    @Test
    void syncAndMgmtPrintComponentVersionAndCommit() {
        for (String option : new String[] {"--version", "-V"}) {
            assertEquals(BuildInfo.versionLine("sync") + System.lineSeparator(), version(new SyncMain(), option));
            assertEquals(BuildInfo.versionLine("mgmt") + System.lineSeparator(), version(new MgmtMain(), option));
        }
        assertTrue(BuildInfo.versionLine("sync").matches("outpost sync \\S+ \\(commit ([0-9a-f]{7,}|unknown)\\)"));
    }

    /** 'outpost sync status --version', 'outpost mgmt serve --version' and every other subcommand: the root's line. */
    @Test
    void everySubcommandPrintsItsRootsVersionLine() {
        int checked = 0;
        for (Object root : new Object[] {new SyncMain(), new MgmtMain()}) {
            String line = version(root, "--version");
            for (List<String> path : subcommands(new CommandLine(root), List.of())) {
                List<String> args = new ArrayList<>(path);
                args.add("--version");
                assertEquals(line, version(root, args.toArray(String[]::new)), String.join(" ", args));
                checked++;
            }
        }
        assertTrue(checked >= 8, "subcommands checked: " + checked);
    }

    /** The path of every subcommand that has help options (picocli's 'help' has none), at any depth. */
    private static List<List<String>> subcommands(CommandLine cli, List<String> at) {
        List<List<String>> paths = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(at);
            path.add(name);
            if (sub.getCommandSpec().optionsMap().containsKey("--version")) {
                paths.add(path);
            }
            paths.addAll(subcommands(sub, path));
        });
        return paths;
    }
}
