package io.outpost.sync.mgmt;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outpost mgmt serve}: runs until SIGTERM/Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = io.outpost.sync.AgentVersion.class,
        description = "Run the receiver until stopped.")
final class ServeCommand implements Callable<Integer> {
    /** Not an exit code: tells main() the server keeps the JVM alive. */
    static final int RUNNING = Integer.MIN_VALUE;

    @Option(names = "--port", defaultValue = "9080", description = "Port (0 = any free port; the ready line says which). Default: ${DEFAULT-VALUE}")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String bind;
    @Option(names = "--data", defaultValue = "mgmt-data", description = "Where received events are stored. Default: ./${DEFAULT-VALUE}")
    Path data;
    @Option(names = "--bundles", description = "Folder of published bundles (<type>/<sequence>.jws) to serve.")
    Path bundles;
    @Option(names = "--tls-cert", description = "Serve HTTPS with this PEM certificate chain.")
    Path tlsCert;
    @Option(names = "--tls-key", description = "The PEM private key of --tls-cert.")
    Path tlsKey;
    @Option(names = "--client-ca", description = "Require client certificates (mTLS) issued by these PEM CA certificates.")
    Path clientCa;
    @Option(names = "--token-file", description = "Require 'Authorization: Bearer <token>' with the token in this file.")
    Path tokenFile;
    @Option(names = "--test-faults", description = "TESTS ONLY: enable POST /test/faults to inject errors, delays and resets.")
    boolean testFaults;
    @Option(names = "--test-fault-plan", paramLabel = "JSON",
            description = "TESTS ONLY: the fault plan in force from the first request (implies --test-faults), e.g. {\"mode\":\"status\",\"status\":503}.")
    String testFaultPlan;

    @Override
    public Integer call() throws Exception {
        MgmtServer server;
        try {
            server = MgmtServer.start(new MgmtServer.Options(bind, port, data, bundles, tlsCert, tlsKey, clientCa, tokenFile,
                    testFaults || testFaultPlan != null, testFaultPlan));
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("outpost mgmt serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (java.io.IOException e) {
                System.err.println("outpost mgmt: " + e.getMessage());
            }
            stopped.countDown();
        }, "mgmt-stop"));
        System.out.println("outpost-mgmt ready " + server.listening() + " data=" + data.toAbsolutePath());
        System.out.flush();
        stopped.await();
        return RUNNING;
    }
}
