package io.outpost.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.outpost.common.artifact.ArtifactException;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.common.yaml.ErrorFormat;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.endpoint.BackendAddressResolver;
import io.outpost.gateway.endpoint.BackendConnector;
import io.outpost.gateway.endpoint.BackendTlsContext;
import io.outpost.gateway.endpoint.EndpointOverrides;
import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.SecurityMaterials;
import io.outpost.gateway.security.bundles.TrustBundles;
import io.outpost.gateway.security.tls.TlsSettings;
import io.outpost.gateway.updates.AppliedUpdates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a start loads and verifies, the one loading sequence of a start, {@code --check} and a
 * reload: gateway.yaml, the publisher keys, the artifact and its signature, its routes and
 * endpoints, the update key, the security material and the listeners' ports. It binds nothing and
 * writes nothing: what runs is made from it afterwards.
 *
 * @param yaml     gateway.yaml as read (a missing node on built-in defaults): what a reload compares
 * @param warnings what an operator should fix although the gateway can run
 */
record GatewayPlan(GatewayConfig config, TlsSettings tls, LoadedArtifact artifact, RouteTable routes, Ed25519Key updateKey,
                   JsonNode yaml, List<String> warnings) {

    List<ListenerPort> ports() {
        return ListenerPort.of(config, tls);
    }

    static GatewayPlan load(GatewayOptions options) throws StartupFailure {
        GatewayConfig config;
        try {
            config = options.loadConfig();
        } catch (ConfigException e) {
            List<String> lines = new ArrayList<>(List.of("invalid configuration:"));
            lines.addAll(ErrorFormat.errors(e)); // FILE:LINE:COL: error: ..., as the toolkit and the agent print
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, lines);
        }
        config = config.withPorts(options.httpPort(), options.adminPort());
        TlsSettings tls;
        try {
            tls = config.tls().withHttpsPort(options.httpsPort());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(GatewayMain.EXIT_USAGE, e.getMessage());
        }
        if (options.artifactFile() != null) {
            config = config.withArtifact(options.artifactFile());
        }
        if (config.artifact() == null) {
            throw new StartupFailure(GatewayMain.EXIT_USAGE,
                    "no artifact to serve: set 'artifact' in gateway.yaml or pass --artifact FILE");
        }
        ConfigReader source = source(config);
        List<String> warnings = new ArrayList<>();
        samePortTwice(config, tls);
        List<Ed25519Key> keys = publisherKeys(config, options.dev());
        LoadedArtifact artifact = artifact(config, source, options, keys);
        RouteTable routes;
        try {
            routes = RouteTable.of(artifact.apis()); // each route's policy resolved once, here
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(GatewayMain.EXIT_ARTIFACT, "refusing artifact " + config.artifact() + ": " + e.getMessage());
        }
        if (!artifact.signerTrusted()) {
            warnings.add("--dev: serving an artifact signed by untrusted key " + artifact.signerKid());
        }
        warnings.addAll(endpoints(config, routes));
        Ed25519Key updateKey = updateKey(config);
        security(config, updateKey);
        warnings.addAll(config.security().basic().warnings());
        warnings.addAll(writable(config));
        return new GatewayPlan(config, tls, artifact, routes, updateKey,
                source == null ? MissingNode.getInstance() : source.root(), List.copyOf(warnings));
    }

    private static ConfigReader source(GatewayConfig config) throws StartupFailure {
        if (config.source() == null) {
            return null;
        }
        try {
            return ConfigReader.open(config.source());
        } catch (ConfigException e) { // read a moment ago: only a file replaced in between gets here
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, ErrorFormat.errors(e));
        }
    }

    /** Two listeners on one port: the second would fail to bind, so say which settings collide. */
    private static void samePortTwice(GatewayConfig config, TlsSettings tls) throws StartupFailure {
        List<ListenerPort> ports = ListenerPort.of(config, tls);
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                ListenerPort a = ports.get(i);
                ListenerPort b = ports.get(j);
                if (a.port() != 0 && a.port() == b.port()) {
                    throw new StartupFailure(GatewayMain.EXIT_CONFIG, "port " + a.port() + " is given twice: "
                            + a.key() + " and " + b.key() + (config.source() == null ? "" : " in " + config.source())
                            + " (or " + a.option() + " / " + b.option() + "); give each listener its own port");
                }
            }
        }
    }

    private static List<Ed25519Key> publisherKeys(GatewayConfig config, boolean dev) throws StartupFailure {
        List<Ed25519Key> keys = new ArrayList<>();
        for (Path keyFile : config.publisherKeys()) {
            try {
                keys.add(Ed25519Key.read(keyFile));
            } catch (KeyException e) {
                throw new StartupFailure(GatewayMain.EXIT_CONFIG, "trust.publisherKeys: " + e.getMessage());
            }
        }
        if (keys.isEmpty() && !dev) {
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, "no publisher keys are trusted: list the publisher's public key"
                    + " under 'trust.publisherKeys' in gateway.yaml, or pass --dev during development");
        }
        return keys;
    }

    private static LoadedArtifact artifact(GatewayConfig config, ConfigReader source, GatewayOptions options,
                                           List<Ed25519Key> keys) throws StartupFailure {
        Path file = config.artifact();
        if (!Files.exists(file)) {
            String where = options.artifactFile() != null || source == null ? "--artifact" : source.where("/artifact");
            String message = where + ": " + file + " does not exist; build the artifact"
                    + " with `outpost build` and install it there, or point " + (where.equals("--artifact") ? "--artifact"
                    : "'artifact'") + " at the built .outpost file";
            // gateway.yaml's line in the one error format (FILE:LINE:COL: error: ...); an option has no line
            throw new StartupFailure(GatewayMain.EXIT_ARTIFACT, where.equals("--artifact") ? message : ErrorFormat.error(message));
        }
        try {
            return LoadedArtifact.load(file, TrustPolicy.of(keys, options.dev()));
        } catch (ArtifactException e) {
            throw new StartupFailure(GatewayMain.EXIT_ARTIFACT, "refusing artifact: " + e.getMessage());
        }
    }

    /**
     * The artifact's endpoints as this device resolves them (overrides, backend TLS files), built
     * with a connector that connects nothing: the start builds them again on its event loops.
     */
    private static List<String> endpoints(GatewayConfig config, RouteTable routes) throws StartupFailure {
        try (BackendAddressResolver resolver = new BackendAddressResolver()) {
            BackendConnector connector = new BackendConnector(NioSocketChannel.class,
                    BackendTlsContext.build(config.backends().tls()), config.backends().tls().verifyHostname(), resolver,
                    config.limits().backendConnectTimeoutMillis(), config.limits().maxHeaderSize(), config.backends().pool(), 1);
            Upstreams upstreams = Upstreams.ofRoutes(routes.routes(), new EndpointOverrides(System.getenv()), connector, config);
            return upstreams.warnings();
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, "cannot use the artifact's endpoints here: " + e.getMessage());
        }
    }

    private static Ed25519Key updateKey(GatewayConfig config) throws StartupFailure {
        if (config.updateKey() == null) {
            return null;
        }
        try {
            return Ed25519Key.read(config.updateKey());
        } catch (KeyException e) {
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, "trust.updateKey: " + e.getMessage());
        }
    }

    /** The material the stages decide with, built as a generation builds it (with the bundles applied now), then dropped. */
    private static void security(GatewayConfig config, Ed25519Key updateKey) throws StartupFailure {
        try (AppliedUpdates updates = new AppliedUpdates(new BundleStore(config.stateDir()), updateKey).load()) {
            ClockFloor clock = ClockFloor.system();
            SecurityMaterials.build(config, TrustBundles.from(updates, clock), clock);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(GatewayMain.EXIT_CONFIG, "cannot use the security configuration: " + e.getMessage());
        }
    }

    /** The state and journal directories, checked without writing: the start writes there (and journals nothing if it cannot). */
    private static List<String> writable(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        String state = notWritable(config.stateDir());
        if (state != null) {
            problems.add("stateDir " + config.stateDir() + ": " + state + " (the clock floor, throttle counts and bundles are kept there)");
        }
        if (config.analytics().enabled()) {
            String journal = notWritable(config.journalDir());
            if (journal != null) {
                problems.add("analytics off at start: the journal directory " + config.journalDir() + ": " + journal);
            }
        }
        return problems;
    }

    /** The directory, or the nearest existing directory it would be created in, is writable; else why not. */
    private static String notWritable(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return "cannot be created (" + existing + " is not a directory)";
        }
        if (!Files.isWritable(existing)) {
            return existing.equals(dir.toAbsolutePath()) ? "not writable by this user" : "cannot be created: " + existing + " is not writable by this user";
        }
        return null;
    }
}
