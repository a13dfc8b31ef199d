package io.outpost.toolkit.quickstart;

import io.outpost.provisioning.PublisherKeyStore;
import io.outpost.toolkit.OutpostCli;
import io.outpost.toolkit.cli.ToolkitCommand;
import io.outpost.toolkit.cli.UserException;
import io.outpost.toolkit.cli.VersionProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code outpost quickstart}: builds the sample project from {@code examples/quickstart}, starts
 * its backend, a real gateway, the reference management receiver and the sync agent (each a
 * process started through the launcher), prints requests to try, and stops everything on Ctrl-C.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Build the sample API; start a sample backend, a gateway, a local management receiver and the sync agent; print requests to try.")
public final class QuickstartCommand extends ToolkitCommand {
    private static final String SAMPLE_BACKEND = "127.0.0.1:9081";
    private static final Pattern GATEWAY_READY = Pattern.compile("outpost-gateway ready http=([^ ]+) admin=([^ ]+)");
    private static final Pattern RECEIVER_READY = Pattern.compile("outpost-mgmt ready (https?)=([^ ]+)");
    private static final Pattern AGENT_READY = Pattern.compile("outpost-sync ready admin=([^ ]+)");

    @ParentCommand
    OutpostCli cli;

    @Option(names = "--http-port", defaultValue = "9090", description = "gateway port (default ${DEFAULT-VALUE}; 0 = any free)")
    int httpPort;

    @Option(names = "--admin-port", defaultValue = "9097", description = "gateway admin port (default ${DEFAULT-VALUE}; 0 = any free)")
    int adminPort;

    @Option(names = "--backend-port", defaultValue = "9081", description = "sample backend port (default ${DEFAULT-VALUE}; 0 = any free)")
    int backendPort;

    @Option(names = "--receiver-port", defaultValue = "9080", description = "local management receiver port (default ${DEFAULT-VALUE}; 0 = any free)")
    int receiverPort;

    @Option(names = "--agent-admin-port", defaultValue = "9098", description = "sync agent admin port (default ${DEFAULT-VALUE}; 0 = any free)")
    int agentAdminPort;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the project copy, artifact and gateway state go "
            + "(default: $OUTPOST_HOME/quickstart)")
    Path workDir;

    @Override
    protected int run() throws Exception {
        Path launcher = launcher();
        Path sample = launcher.getParent().resolve("examples/quickstart");
        if (!Files.isRegularFile(sample.resolve("outpost.yaml"))) {
            throw new UserException("the sample project is missing: " + sample, "run the quickstart from an Outpost checkout or installation");
        }
        Path work = workDir != null ? workDir : cli.outpostHome().resolve("quickstart");
        Path project = work.resolve("project");
        deleteRecursively(project);
        copy(sample, project);

        try (SampleBackend backend = new SampleBackend(backendPort)) {
            Path definition = project.resolve("apis/petstore.yaml");
            Files.writeString(definition, Files.readString(definition).replace(SAMPLE_BACKEND, "127.0.0.1:" + backend.port()));
            out().println("sample backend listening on 127.0.0.1:" + backend.port());
            out().flush();

            Path artifact = work.resolve("quickstart.outpost");
            int built = spec.parent().commandLine().execute("build", project.toString(), "-o", artifact.toString());
            if (built != 0) {
                return built;
            }
            Path gatewayYaml = work.resolve("gateway.yaml");
            Files.writeString(gatewayYaml, """
                    # Written by 'outpost quickstart'.
                    listeners:
                      http: {host: 127.0.0.1, port: %d}
                    admin: {host: 127.0.0.1, port: %d}
                    stateDir: state
                    artifact: quickstart.outpost
                    trust:
                      publisherKeys: ["%s"]
                    logging:
                      accessLog: true   # one line per request on this console (off by default on a device)
                    """.formatted(httpPort, adminPort, new PublisherKeyStore(cli.outpostHome()).publicKeyFile()));
            return runAll(launcher, work, gatewayYaml);
        }
    }

    /**
     * Starts the gateway, then (once its journal exists) the reference receiver and the sync
     * agent, and waits until one of them exits or Ctrl-C stops them all.
     */
    private int runAll(Path launcher, Path work, Path gatewayYaml) throws IOException, InterruptedException {
        List<ChildProcess> children = new ArrayList<>();
        Thread stopper = new Thread(() -> stopAll(children), "quickstart-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            ChildProcess gateway = start(children, "gateway", List.of(launcher.toString(), "gateway", "--config",
                    gatewayYaml.toString()), GATEWAY_READY);
            Matcher gw = gateway.awaitReady();
            if (gw == null) {
                return failed(gateway);
            }
            ChildProcess receiver = start(children, "receiver", List.of(launcher.toString(), "mgmt", "serve",
                    "--port", Integer.toString(receiverPort), "--data", work.resolve("received").toString()), RECEIVER_READY);
            Matcher rc = receiver.awaitReady();
            if (rc == null) {
                return failed(receiver);
            }
            Path syncYaml = work.resolve("sync.yaml");
            Files.writeString(syncYaml, """
                    # Written by 'outpost quickstart': forwards the gateway's journal to the local receiver.
                    journal: %s
                    stateDir: %s
                    management:
                      url: http://%s
                    """.formatted(work.resolve("state/journal"), work.resolve("state"), rc.group(2)));
            ChildProcess agent = start(children, "sync", List.of(launcher.toString(), "sync", "run", "--config",
                    syncYaml.toString(), "--admin-port", Integer.toString(agentAdminPort)), AGENT_READY);
            if (agent.awaitReady() == null) {
                return failed(agent);
            }
            String base = "http://" + gw.group(1) + "/petstore/v1";
            out().println();
            out().println("Outpost quickstart is running. Try:");
            out().println("  curl -i " + base + "/pets");
            out().println("  curl -i " + base + "/pets/1");
            out().println("  curl -i -X POST -H 'Content-Type: application/json' -d '{\"name\":\"Kitty\"}' " + base + "/pets");
            out().println("  curl -i " + base + "/admin/stats        # secured: 401 until security lands");
            out().println("  curl -i http://" + gw.group(2) + "/health");
            out().println("Every request is journaled and forwarded by the sync agent to the local receiver:");
            out().println("  curl -s http://" + rc.group(2) + "/api/v1/stats");
            out().println("Press Ctrl-C to stop.");
            out().flush();
            while (children.stream().allMatch(c -> c.process().isAlive())) {
                children.get(0).process().waitFor(500, TimeUnit.MILLISECONDS);
            }
            ChildProcess gone = children.stream().filter(c -> !c.process().isAlive()).findFirst().orElseThrow();
            int exit = gone.exitValue();
            stopAll(children);
            return exit == 0 || exit == 130 || exit == 143 ? 0 : exit;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private ChildProcess start(List<ChildProcess> children, String name, List<String> command, Pattern ready) throws IOException {
        ChildProcess child = ChildProcess.start(name, command, ready, out());
        synchronized (children) {
            children.add(child);
        }
        return child;
    }

    private int failed(ChildProcess child) {
        err().println("error: the " + child.name() + " exited with " + child.exitValue() + " before it was ready");
        return UserException.FAILURE;
    }

    /** In reverse start order: the agent first, the gateway last, so nothing is left waiting on a stopped peer. */
    private static void stopAll(List<ChildProcess> children) {
        List<ChildProcess> snapshot;
        synchronized (children) {
            snapshot = new ArrayList<>(children);
        }
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            snapshot.get(i).close();
        }
    }

    private static Path launcher() throws UserException {
        String env = System.getenv("OUTPOST_LAUNCHER");
        if (env == null || env.isBlank() || !Files.isExecutable(Path.of(env))) {
            throw new UserException("quickstart must be started through the outpost launcher", "run ./outpost quickstart");
        }
        return Path.of(env).toAbsolutePath();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted().toList()) {
                String relative = from.relativize(p).toString();
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
