package io.outpost.provisioning.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The commands the {@code outpost} launcher runs in their own JVMs (other modules, other class paths), listed in
 * the toolkit and the device CLI so {@code outpost --help} and {@code outpost completion bash} show every command.
 * The launchers never send them there ({@code outpost help gateway} becomes {@code outpost gateway --help});
 * reached anyway (a main class run by hand), they say how to run them.
 */
public final class LauncherCommands {
    private LauncherCommands() {}

    // Their subcommands too, so completion offers them ('outpost sync st<TAB>'); options are in each one's --help.
    @Command(name = "gateway", description = "Run the gateway (the data plane) serving a signed artifact; "
            + "'outpost gateway --help' for its options, --check to verify gateway.yaml and the artifact.",
            subcommands = Gateway.Reload.class)
    public static final class Gateway extends ElsewhereCommand {
        @Command(name = "reload", description = "Ask the running gateway to reload gateway.yaml and the artifact.")
        static final class Reload extends ElsewhereCommand {}
    }

    @Command(name = "sync", description = "Run the sync agent: forward the gateway's journal to API Management and "
            + "pull signed update bundles; also status, export, import ('outpost sync --help').",
            subcommands = {Sync.Run.class, Sync.Status.class, Sync.Export.class, Sync.Import.class})
    public static final class Sync extends ElsewhereCommand {
        @Command(name = "run", description = "Forward until stopped (the default).")
        static final class Run extends ElsewhereCommand {}

        @Command(name = "status", description = "Backlog, last success, next attempt.")
        static final class Status extends ElsewhereCommand {}

        @Command(name = "export", description = "Air gap: pending events to checksummed files.")
        static final class Export extends ElsewhereCommand {}

        @Command(name = "import", description = "Air gap: signed bundles from removable media.")
        static final class Import extends ElsewhereCommand {}
    }

    @Command(name = "mgmt", description = "Run the reference management receiver: event ingest and signed update "
            + "bundles; also import, bundle publish ('outpost mgmt --help').",
            subcommands = {Mgmt.Serve.class, Mgmt.Import.class, Mgmt.Bundle.class})
    public static final class Mgmt extends ElsewhereCommand {
        @Command(name = "serve", description = "Run the receiver until stopped.")
        static final class Serve extends ElsewhereCommand {}

        @Command(name = "import", description = "Ingest exported batch files (idempotent).")
        static final class Import extends ElsewhereCommand {}

        @Command(name = "bundle", description = "Signed update bundles.", subcommands = Bundle.Publish.class)
        static final class Bundle extends ElsewhereCommand {
            @Command(name = "publish", description = "Sign and publish a bundle.")
            static final class Publish extends ElsewhereCommand {}
        }
    }

    abstract static class ElsewhereCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Unmatched
        List<String> arguments;

        @Override
        public Integer call() {
            String name = spec.qualifiedName(); // "outpost sync status"
            spec.commandLine().getErr().println(name + ": runs in its own process: use the outpost launcher ('" + name
                    + " --help'), not the main class of the toolkit or the device CLI");
            return 2; // usage, as picocli's own
        }
    }
}
