package io.outpost.toolkit.cli;

import picocli.CommandLine.Command;

/** {@code outpost api …}: manage the definitions of a project. */
@Command(name = "api", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage a project's API definitions.",
        subcommands = {ApiAddCommand.class})
public final class ApiCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: use 'outpost api add PROJECT FILE'");
    }
}
