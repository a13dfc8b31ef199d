package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, "One CLI": the toolkit's help lists every command, one --version format, a working completion script. */
class OneCliTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommandIncludingThoseTheLauncherRunsElsewhere() {
        Cli.Result help = Cli.run(tmp, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        for (String command : new String[] {"init", "api", "validate", "build", "quickstart", "provision",
                "gateway", "sync", "mgmt", "completion", "help"}) {
            assertTrue(help.out().matches("(?s).*\\n  " + command + " .*"), command + " missing:\n" + help.out());
        }
        assertTrue(help.out().contains("docs/cli.md"), help.out());
        Cli.Result gateway = Cli.run(tmp, "help", "gateway");
        assertEquals(0, gateway.exitCode(), gateway::toString);
        assertTrue(gateway.out().replaceAll("\\s+", " ").contains("'outpost gateway --help' for its options"), gateway::toString);
        // Run by hand past the launcher, a placeholder says where the command runs, as a usage error.
        Cli.Result direct = Cli.run(tmp, "sync", "status");
        assertEquals(2, direct.exitCode(), direct::toString);
        assertTrue(direct.err().contains("outpost sync status: runs in its own process"), direct::toString);
    }

    @Test
    void initPointsAtTheCommentedExamples() {
        Cli.Result init = Cli.run(tmp, "init", tmp.resolve("shop"));
        assertEquals(0, init.exitCode(), init::toString);
        assertTrue(init.out().contains("examples/gateway/gateway.yaml") && init.out().contains("examples/sync/sync.yaml"),
                init::toString);
    }

    @Test
    void versionIsTheOneFormatOnTheRootAndSubcommands() {
        String line = "outpost toolkit " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")";
        assertTrue(line.matches("outpost toolkit \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,}|unknown)\\)"), line);
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"build", "--version"}}) {
            Cli.Result version = Cli.run(tmp, (Object[]) args);
            assertEquals(0, version.exitCode(), version::toString);
            assertEquals(line + System.lineSeparator(), version.out());
        }
        // Every subcommand at any depth, the device commands under 'provision' included (they take the root's line).
        int checked = 0;
        for (java.util.List<String> path : withVersion(new picocli.CommandLine(new OutpostCli(tmp)), java.util.List.of())) {
            java.util.List<Object> args = new java.util.ArrayList<>(path);
            args.add("--version");
            Cli.Result version = Cli.run(tmp, args.toArray());
            assertEquals(0, version.exitCode(), version::toString);
            assertEquals(line + System.lineSeparator(), version.out(), String.join(" ", path));
            checked++;
        }
        assertTrue(checked >= 15, "subcommands checked: " + checked);
    }

    /** The path of every subcommand that has help options (picocli's 'help' and the launcher's placeholders have none). */
    static java.util.List<java.util.List<String>> withVersion(picocli.CommandLine cli, java.util.List<String> at) {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            java.util.List<String> path = new java.util.ArrayList<>(at);
            path.add(name);
            if (sub.getCommandSpec().optionsMap().containsKey("--version")) {
                paths.add(path);
            }
            paths.addAll(withVersion(sub, path));
        });
        return paths;
    }

    @Test
    void bashCompletionCompletesCommandsAndOptions() throws Exception {
        Cli.Result completion = Cli.run(tmp, "completion", "bash");
        assertEquals(0, completion.exitCode(), completion::toString);
        assertTrue(completion.out().contains("complete -F _complete_outpost"), completion.out());
        assertEquals(2, Cli.run(tmp, "completion").exitCode(), "the shell is required");
        assertEquals(2, Cli.run(tmp, "completion", "fish").exitCode(), "only bash is written");
        Path script = tmp.resolve("outpost-completion.bash");
        Files.writeString(script, completion.out());
        // The script as bash loads it: the completions a user gets after 'outpost ga<TAB>' and 'outpost build --<TAB>'.
        assertEquals("gateway", complete(script, "outpost", "ga"));
        assertTrue(complete(script, "outpost", "").contains("sync mgmt"), complete(script, "outpost", ""));
        assertTrue(complete(script, "outpost", "build", "--").contains("--output"), complete(script, "outpost", "build", "--"));
        assertEquals("status", complete(script, "outpost", "sync", "st"));
        assertEquals("publish", complete(script, "outpost", "mgmt", "bundle", "p"));
    }

    /** Runs the script's completion function in bash for the words typed, the last being the word being completed. */
    private static String complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String bash = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_outpost; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
