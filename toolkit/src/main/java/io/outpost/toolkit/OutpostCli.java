package io.outpost.toolkit;

import io.outpost.provisioning.PublisherKeyStore;
import io.outpost.toolkit.cli.ApiCommand;
import io.outpost.toolkit.cli.BuildCommand;
import io.outpost.toolkit.cli.InitCommand;
import io.outpost.toolkit.cli.ValidateCommand;
import io.outpost.toolkit.cli.VersionProvider;
import io.outpost.toolkit.quickstart.QuickstartCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code outpost} developer CLI. Run in-process with
 * {@code new CommandLine(new OutpostCli(home)).execute(args)}; {@link #main} is the launcher's entry.
 */
@Command(name = "outpost", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Outpost: compile WSO2-style OpenAPI projects into signed artifacts for edge gateways, and run them.",
        footer = {"", "Exit codes and every command: docs/cli.md."},
        // Every subcommand, in help order. Add new ones (e.g. quickstart) here.
        subcommands = {
                InitCommand.class,
                ApiCommand.class,
                ValidateCommand.class,
                BuildCommand.class,
                io.outpost.toolkit.cli.MigrateConfigCommand.class,
                io.outpost.toolkit.cli.HashPasswordCommand.class,
                io.outpost.toolkit.cli.ApiKeyCommand.class,
                io.outpost.provisioning.cli.ProvisionCommand.class,
                QuickstartCommand.class,
                // run by the launcher in their own processes; here so help and completion list every command
                io.outpost.provisioning.cli.LauncherCommands.Gateway.class,
                io.outpost.provisioning.cli.LauncherCommands.Sync.class,
                io.outpost.provisioning.cli.LauncherCommands.Mgmt.class,
                io.outpost.provisioning.cli.CompletionCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class OutpostCli implements Runnable {
    private static final String SWAGGER_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.swagger";

    private final Path outpostHome;

    @Spec
    CommandSpec spec;

    /** Uses {@code $OUTPOST_HOME}, else {@code ~/.config/outpost}. */
    public OutpostCli() {
        this(null);
    }

    /** @param outpostHome where the toolkit keeps its keys; null for the default (tests pass a temp dir) */
    public OutpostCli(Path outpostHome) {
        this.outpostHome = outpostHome;
    }

    public Path outpostHome() {
        return outpostHome != null ? outpostHome : PublisherKeyStore.defaultHome();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        // swagger-parser logs warnings about input it cannot map; validate already reports the
        // problem with a position, so its log lines would only be noise on the console.
        if (System.getProperty(SWAGGER_LOG_LEVEL) == null) {
            System.setProperty(SWAGGER_LOG_LEVEL, "error");
        }
        System.exit(new CommandLine(new OutpostCli()).execute(args));
    }
}
