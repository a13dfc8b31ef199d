package io.outpost.sync;

import io.outpost.common.yaml.ConfigException;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.config.SyncConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** Base of the agent's subcommands: finding and loading sync.yaml, and the exit codes. */
abstract class AgentCommand implements Callable<Integer> {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 3;
    private static final Path SYSTEM_CONFIG = Path.of("/etc/outpost/sync.yaml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "sync.yaml (default: $OUTPOST_SYNC_CONFIG, else /etc/outpost/sync.yaml)")
    Path configFile;

    /** Loads the configuration, printing every problem (FILE:LINE:COL: key: reason); null if unusable. */
    SyncConfig loadConfig() {
        Path file = configFile;
        if (file == null) {
            String env = System.getenv("OUTPOST_SYNC_CONFIG");
            file = env != null && !env.isBlank() ? Path.of(env) : SYSTEM_CONFIG;
            if (env == null && !Files.exists(file)) {
                System.err.println("outpost sync: no configuration: pass --config FILE (or set OUTPOST_SYNC_CONFIG, or create "
                        + SYSTEM_CONFIG + ")");
                return null;
            }
        }
        try {
            SyncConfig config = SyncConfigLoader.load(file);
            io.outpost.common.logging.LogSetup.apply(config.logging(), System.getenv()); // sync.yaml's logging, before the agent logs
            return config;
        } catch (ConfigException e) {
            io.outpost.common.yaml.ErrorFormat.errors(e).forEach(System.err::println); // FILE:LINE:COL: error: ..., as everywhere
            return null;
        }
    }
}
