package io.outpost.toolkit.quickstart;

import io.outpost.provisioning.PublisherKeyStore;
import io.outpost.toolkit.OutpostCli;
import io.outpost.toolkit.cli.ToolkitCommand;
import io.outpost.toolkit.cli.UserException;
import io.outpost.toolkit.cli.VersionProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code outpost quickstart}: builds the sample project from {@code examples/quickstart}, starts
 * its backend and a real gateway process (through the launcher), prints requests to try, and stops
 * everything on Ctrl-C.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Build the sample API, start a sample backend and a gateway, and print requests to try.")
public final class QuickstartCommand extends ToolkitCommand {
    private static final String SAMPLE_BACKEND = "127.0.0.1:9081";
    private static final Pattern READY = Pattern.compile("outpost-gateway ready http=([^ ]+) admin=([^ ]+)");

    @ParentCommand
    OutpostCli cli;

    @Option(names = "--http-port", defaultValue = "9090", description = "gateway port (default ${DEFAULT-VALUE}; 0 = any free)")
    int httpPort;

    @Option(names = "--admin-port", defaultValue = "9097", description = "gateway admin port (default ${DEFAULT-VALUE}; 0 = any free)")
    int adminPort;

    @Option(names = "--backend-port", defaultValue = "9081", description = "sample backend port (default ${DEFAULT-VALUE}; 0 = any free)")
    int backendPort;

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
                    """.formatted(httpPort, adminPort, new PublisherKeyStore(cli.outpostHome()).publicKeyFile()));
            return runGateway(launcher, gatewayYaml);
        }
    }

    private int runGateway(Path launcher, Path gatewayYaml) throws IOException, InterruptedException {
        Process gateway = new ProcessBuilder(launcher.toString(), "gateway", "--config", gatewayYaml.toString())
                .redirectErrorStream(true).start();
        Thread stopper = new Thread(() -> stop(gateway), "quickstart-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        CountDownLatch ready = new CountDownLatch(1);
        String[] addresses = new String[2];
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out().println("[gateway] " + line);
                    out().flush();
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        addresses[0] = m.group(1);
                        addresses[1] = m.group(2);
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the gateway went away; waitFor below reports it
            }
        }, "quickstart-gateway-output");
        pump.setDaemon(true);
        pump.start();
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!gateway.isAlive()) {
                pump.join(2000);
                err().println("error: the gateway exited with " + gateway.exitValue() + " before it was ready");
                return UserException.FAILURE;
            }
        }
        String base = "http://" + addresses[0] + "/petstore/v1";
        out().println();
        out().println("Outpost quickstart is running. Try:");
        out().println("  curl -i " + base + "/pets");
        out().println("  curl -i " + base + "/pets/1");
        out().println("  curl -i -X POST -H 'Content-Type: application/json' -d '{\"name\":\"Kitty\"}' " + base + "/pets");
        out().println("  curl -i " + base + "/admin/stats        # secured: 401 until security lands");
        out().println("  curl -i http://" + addresses[1] + "/health");
        out().println("Press Ctrl-C to stop.");
        out().flush();
        int exit = gateway.waitFor();
        pump.join(2000);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
        return exit == 0 || exit == 130 || exit == 143 ? 0 : exit;
    }

    private static void stop(Process gateway) {
        gateway.destroy();
        try {
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        } catch (InterruptedException e) {
            gateway.destroyForcibly();
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
