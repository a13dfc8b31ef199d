package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's one CLI as a user meets it: ./outpost's --version on every entry point, help, completion. */
class OneCliEndToEndTest {
    private static final String LINE = "outpost %s \\S+ \\(commit ([0-9a-f]{7,}|unknown)\\)";

    @Test
    void everyEntryPointPrintsTheOneVersionLine(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        String[][] cases = {{"toolkit", "--version"}, {"gateway", "gateway", "--version"}, {"gateway", "gateway", "-V"},
                {"sync", "sync", "--version"}, {"sync", "sync", "-V"}, {"mgmt", "mgmt", "--version"}};
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            JavaProcess.Result r = Cli.launcher(work, home, "", args);
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.output());
            String last = r.output().strip().lines().reduce((a, b) -> b).orElse(""); // after any build message
            assertTrue(last.matches(String.format(LINE, c[0])), String.join(" ", args) + ": " + r.output());
        }
    }

    @Test
    void helpListsEveryCommandAndHelpGatewayIsTheGatewaysOwn(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        JavaProcess.Result help = Cli.launcher(work, home, "", "--help");
        assertEquals(0, help.exitCode(), help.output());
        for (String command : new String[] {"gateway", "sync", "mgmt", "completion", "build"}) {
            assertTrue(help.output().contains("\n  " + command + " "), command + ": " + help.output());
        }
        JavaProcess.Result gateway = Cli.launcher(work, home, "", "help", "gateway");
        assertEquals(0, gateway.exitCode(), gateway.output());
        assertTrue(gateway.output().contains("Usage: outpost gateway") && gateway.output().contains("--artifact FILE"),
                gateway.output());
        JavaProcess.Result sync = Cli.launcher(work, home, "", "help", "sync");
        assertEquals(0, sync.exitCode(), sync.output());
        assertTrue(sync.output().contains("Usage: outpost sync"), sync.output());
        JavaProcess.Result completion = Cli.launcher(work, home, "", "completion", "bash");
        assertEquals(0, completion.exitCode(), completion.output());
        assertTrue(completion.output().contains("gateway sync mgmt completion help"), completion.output());
    }
}
