package io.outpost.provisioning.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The device CLI: the commands a device runs, on a class path without the toolkit and its OpenAPI
 * parser (this module's dependencies: common, picocli, BouncyCastle). Entry point for the package's
 * {@code outpost provision ...} on a device.
 */
@Command(name = "outpost", mixinStandardHelpOptions = true, versionProvider = DeviceVersion.class,
        description = "Outpost device commands.",
        footer = {"", "Exit codes and every command: docs/cli.md."},
        // gateway, sync and mgmt run in their own processes: listed so help and completion show every command
        subcommands = {DeviceProvisionCommand.class, HashPasswordCommand.class, LauncherCommands.Gateway.class,
                LauncherCommands.Sync.class, LauncherCommands.Mgmt.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class DeviceCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: provision or hash-password");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeviceCli()).execute(args));
    }
}
