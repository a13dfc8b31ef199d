package io.outpost.sync;

import io.outpost.common.signing.KeyException;
import io.outpost.sync.config.SyncConfig;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outpost sync run} (the default): forward until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Forward journal events and pull update bundles until stopped.")
final class RunCommand extends AgentCommand {
    @Option(names = "--admin-port", paramLabel = "N", description = "Override admin.port (0 = any free port).")
    Integer adminPort;

    @Option(names = "--check", description = "Verify sync.yaml and what it names (TLS files, token, update key, state"
            + " directory, admin port), print what would run and exit; nothing is bound, written or connected to.")
    boolean check;

    @Override
    public Integer call() throws InterruptedException {
        SyncConfig config = loadConfig();
        if (config == null) {
            return EXIT_CONFIG;
        }
        if (adminPort != null) {
            config = config.withAdminPort(adminPort);
        }
        if (check) {
            return SyncCheck.run(config, System.out, System.err);
        }
        if (config.lockdown()) {
            return Lockdown.announce(config);
        }
        SyncAgent agent = new SyncAgent(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "sync-stop"));
        String ready;
        try {
            ready = agent.start();
        } catch (IOException | KeyException | IllegalArgumentException e) {
            System.err.println("outpost sync: " + e.getMessage());
            agent.close();
            return e instanceof IllegalArgumentException || e instanceof KeyException ? EXIT_CONFIG : EXIT_FAILURE;
        }
        if (ready != null) {
            System.out.println(ready);
            System.out.flush();
        }
        stopped.await();
        return SyncMain.RUNNING;
    }
}
