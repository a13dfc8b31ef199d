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

    @Command(name = "gateway", description = "Run the gateway (the data plane) serving a signed artifact; "
            + "'outpost gateway --help' for its options, --check to verify gateway.yaml and the artifact.")
    public static final class Gateway extends ElsewhereCommand {}

    @Command(name = "sync", description = "Run the sync agent: forward the gateway's journal to API Management and "
            + "pull signed update bundles; also status, export, import ('outpost sync --help').")
    public static final class Sync extends ElsewhereCommand {}

    @Command(name = "mgmt", description = "Run the reference management receiver: event ingest and signed update "
            + "bundles; also import, bundle publish ('outpost mgmt --help').")
    public static final class Mgmt extends ElsewhereCommand {}

    abstract static class ElsewhereCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Unmatched
        List<String> arguments;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("outpost " + spec.name() + ": runs in its own process: use the outpost "
                    + "launcher ('outpost " + spec.name() + " --help'), not the main class of the toolkit or the device CLI");
            return 2; // usage, as picocli's own
        }
    }
}
