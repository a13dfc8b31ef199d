package io.outpost.gateway;

import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code outpost gateway}'s command line, and the gateway.yaml it names (or finds). Null fields
 * are options not given.
 */
record GatewayOptions(Path configFile, Path artifactFile, boolean dev, Integer httpPort, Integer httpsPort,
                      Integer adminPort, boolean help, boolean version, boolean check, boolean reload) {
    private static final Path SYSTEM_CONFIG = Path.of("/etc/outpost/gateway.yaml");

    static final String USAGE = """
            Usage: outpost gateway [--config FILE] [--artifact FILE] [--dev] [--http-port N] [--https-port N] [--admin-port N]
                   outpost gateway --check [--config FILE] [--artifact FILE] [--dev] [port options]
                   outpost gateway reload [--config FILE] [--admin-port N]
                   outpost gateway --help | --version

            Serves a signed Outpost artifact.
              --config FILE     gateway.yaml (default: $OUTPOST_GATEWAY_CONFIG, else /etc/outpost/gateway.yaml if present,
                                else built-in defaults)
              --artifact FILE   the artifact to serve (overrides 'artifact' in gateway.yaml)
              --dev             accept an artifact signed by an untrusted key (its signature and digests are still checked)
              --http-port N     override listeners.http.port (0 = any free port)
              --https-port N    override listeners.https.port (0 = any free port; needs listeners.https)
              --admin-port N    override admin.port (0 = any free port)
              --check           load and verify everything a start would (gateway.yaml, keys, the artifact and its
                                signature, endpoints, security material, ports), print what would run and exit;
                                nothing is bound or written (docs/gateway.md, "Checking a configuration")
              reload            ask the running gateway (its admin port, from gateway.yaml) to reload gateway.yaml
                                and the artifact; exits non-zero when the reload is refused (docs/gateway.md, "Reloading")
              -h, --help        print this help and exit
              -V, --version     print the version and commit and exit
            """;

    /** @throws IllegalArgumentException naming the option that is wrong */
    static GatewayOptions parse(String[] args) {
        Path configFile = null;
        Path artifactFile = null;
        boolean dev = false;
        Integer httpPort = null;
        Integer httpsPort = null;
        Integer adminPort = null;
        boolean check = false;
        boolean reload = args.length > 0 && args[0].equals("reload");
        for (int i = reload ? 1 : 0; i < args.length; i++) {
            switch (args[i]) {
                case "--check" -> check = true;
                case "--reload" -> reload = true;
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "--artifact" -> artifactFile = Path.of(value(args, ++i, "--artifact"));
                case "--dev" -> dev = true;
                case "--http-port" -> httpPort = port(value(args, ++i, "--http-port"));
                case "--https-port" -> httpsPort = port(value(args, ++i, "--https-port"));
                case "--admin-port" -> adminPort = port(value(args, ++i, "--admin-port"));
                case "-h", "--help" -> {
                    return new GatewayOptions(null, null, false, null, null, null, true, false, false, false);
                }
                case "-V", "--version" -> {
                    return new GatewayOptions(null, null, false, null, null, null, false, true, false, false);
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (check && reload) {
            throw new IllegalArgumentException("--check and reload cannot be combined: check a file first, then reload");
        }
        return new GatewayOptions(configFile, artifactFile, dev, httpPort, httpsPort, adminPort, false, false, check, reload);
    }

    /** --config, else $OUTPOST_GATEWAY_CONFIG, else /etc/outpost/gateway.yaml if present, else the defaults. */
    GatewayConfig loadConfig() throws ConfigException {
        if (configFile != null) {
            return GatewayConfigLoader.load(configFile);
        }
        String env = System.getenv("OUTPOST_GATEWAY_CONFIG");
        if (env != null && !env.isBlank()) {
            return GatewayConfigLoader.load(Path.of(env));
        }
        if (Files.isRegularFile(SYSTEM_CONFIG)) {
            return GatewayConfigLoader.load(SYSTEM_CONFIG);
        }
        return GatewayConfig.defaults();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be 0-65535, got '" + value + "'");
        }
    }
}
