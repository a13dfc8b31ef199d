package io.outpost.sync;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code outpost sync}: the store-and-forward agent (installed as {@code outpost-sync}). Without a
 * subcommand it runs, so the systemd unit and {@code outpost sync --config F} behave alike.
 */
@Command(name = "outpost sync", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Forwards the gateway's analytics journal to API Management and pulls signed update bundles.",
        subcommands = {RunCommand.class, StatusCommand.class, ExportCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class SyncMain implements Runnable {
    /** Not an exit code: tells main() the agent keeps the JVM alive until SIGTERM. */
    static final int RUNNING = Integer.MIN_VALUE;

    @Override
    public void run() {
        // Never reached: main() turns a bare invocation into "run".
    }

    public static void main(String[] args) {
        // The admin port's JDK server: answer scrapes without waiting out delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Integer quick = StatusCommand.runWithoutPicocli(args);
        if (quick != null) {
            System.exit(quick);
        }
        CommandLine cli = new CommandLine(new SyncMain());
        if (args.length == 0 || args[0].startsWith("--") && !isRootOption(args[0])) {
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            args = withRun;
        }
        int code = cli.execute(args);
        if (code != RUNNING) {
            System.exit(code);
        }
    }

    private static boolean isRootOption(String arg) {
        return arg.equals("--help") || arg.equals("--version") || arg.equals("-h") || arg.equals("-V");
    }
}
