package io.outpost.sync.mgmt;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code outpost mgmt}: the reference management receiver (ingest and update bundles), its
 * offline import, and bundle publishing. A stand-in for API Management in tests, demos and
 * air-gapped set-ups; a real deployment points the agent at its own implementation of
 * {@code docs/management-api.yaml}.
 */
@Command(name = "outpost mgmt", mixinStandardHelpOptions = true, versionProvider = io.outpost.sync.AgentVersion.class,
        description = "Reference management receiver: event ingest and signed update bundles.",
        subcommands = {ServeCommand.class, MgmtImportCommand.class, BundleCommand.class, CommandLine.HelpCommand.class})
public final class MgmtMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (serve, import, bundle)");
    }

    public static void main(String[] args) {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits
        // out the client's delayed ACK (~40 ms per batch, measured: it capped ingest at ~30k events/s).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int code = new CommandLine(new MgmtMain()).execute(args);
        if (code != ServeCommand.RUNNING) {
            System.exit(code);
        }
    }
}
