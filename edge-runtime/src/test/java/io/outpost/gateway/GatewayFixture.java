package io.outpost.gateway;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/** Writes a signed artifact and a gateway.yaml into a directory and starts a real gateway process on them. */
public final class GatewayFixture {
    public final Path dir;
    public final Ed25519Key publisher = Ed25519Key.generate();
    public final Path artifact;
    public final Path config;

    private final Map<String, String> env = new TreeMap<>();

    public GatewayFixture(Path dir, List<ApiDefinition> apis) throws IOException {
        this(dir, apis, "");
    }

    /** @param extraYaml appended to the generated gateway.yaml (top-level keys other than limits) */
    public GatewayFixture(Path dir, List<ApiDefinition> apis, String extraYaml) throws IOException {
        this(dir, apis, extraYaml, "");
    }

    /**
     * @param extraYaml   appended to the generated gateway.yaml (top-level keys other than limits)
     * @param extraLimits more keys under {@code limits:}, each line indented by two spaces
     */
    public GatewayFixture(Path dir, List<ApiDefinition> apis, String extraYaml, String extraLimits) throws IOException {
        this.dir = dir;
        artifact = TestArtifacts.write(dir, "test", apis, publisher);
        config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                listeners:
                  http:
                    host: 127.0.0.1
                    port: 0
                admin:
                  host: 127.0.0.1
                  port: 0
                stateDir: state
                trust:
                  publisherKeys:
                    - publisher.pub.jwk
                limits:
                  backendResponseTimeoutMillis: 5000
                """ + extraLimits + extraYaml);
    }

    /** An environment variable for the gateway process (endpoint overrides, backend passwords). */
    public GatewayFixture env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** A started gateway and the ports it bound. */
    public record Running(JavaProcess process, int httpPort, int adminPort) implements AutoCloseable {
        /** Stops the gateway (SIGTERM: it drains) and fails if Netty's leak detector reported a buffer. */
        public void stopAndCheckLeaks() throws InterruptedException {
            process.stop();
            org.junit.jupiter.api.Assertions.assertFalse(process.output().contains("LEAK:"), process.output());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    public Running start(String... extraArgs) throws IOException {
        return start(JavaProcess.gateway(args(extraArgs)));
    }

    /**
     * As {@link #start(String...)}, with SIGHUP's disposition set: a process inherits SIGHUP ignored
     * from a parent started under nohup, and a JVM started so cannot reload by signal. {@code ignored}
     * false resets it to the default (tests of the signal pass however the build was started), true
     * starts the gateway under nohup.
     */
    public Running startWithSighup(boolean ignored, String... extraArgs) throws IOException {
        return start(JavaProcess.gateway(args(extraArgs))
                .launcher(ignored ? List.of("nohup") : List.of("env", "--default-signal=HUP")));
    }

    /** Starts a variant of the gateway's assembly: a main class of the tests (one that adds test-only stages). */
    public Running start(Class<?> main, String... extraArgs) throws IOException {
        return start(JavaProcess.of("gateway", main.getName(), args(extraArgs)).jvmArgs("-Dio.netty.leakDetection.level=simple"));
    }

    private String[] args(String... extraArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--artifact", artifact.toString()));
        args.addAll(List.of(extraArgs));
        return args.toArray(String[]::new);
    }

    private Running start(JavaProcess.Spec spec) throws IOException {
        spec.jvmArgs("-Dio.netty.leakDetection.level=paranoid");
        env.forEach(spec::env);
        JavaProcess process = spec.start();
        Matcher ready = process.awaitLine("outpost-gateway ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
        return new Running(process, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)));
    }
}
