package io.outpost.provisioning.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost completion bash}: picocli's completion script for every command {@code outpost --help} lists
 * (the toolkit's or the device CLI's with their options, and the words gateway, sync and mgmt the launcher runs
 * elsewhere). Here, beside the device CLI, so both CLIs have it.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = RootVersion.class,
        description = {"Print a shell completion script for outpost.",
                "Load it now: source <(outpost completion bash); for every shell: "
                        + "outpost completion bash > /etc/bash_completion.d/outpost (zsh: after autoload bashcompinit)."})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is written for: picocli's script is bash's (zsh runs it through bashcompinit). */
    public enum Shell { bash }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("outpost", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
