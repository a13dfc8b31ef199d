package io.outpost.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.BuildInfo;
import io.outpost.sync.mgmt.MgmtMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 16: 'outpost sync -V' printed nothing; sync and mgmt now print the one version line every entry point prints. */
class AgentVersionTest {

    private static String version(Object command, String option) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute(option));
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
}
