package io.outpost.it;

import static io.outpost.testing.netaudit.NetworkAudit.OUTSIDE_V4;
import static io.outpost.testing.netaudit.NetworkAudit.OUTSIDE_V6;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.EchoBackendMain;
import io.outpost.testing.HttpProbe;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import io.outpost.testing.netaudit.AuditReport;
import io.outpost.testing.netaudit.NetworkAudit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air-gap audit (test-support {@link NetworkAudit}) on the gateway and the sync agent: each
 * runs inside a network namespace of its own whose every outgoing packet nftables counts, so a
 * backend connect made through io_uring (which never calls connect(2), invisible to strace) is seen
 * like any other. With everything on the box, nothing may leave; as the positive control, targets
 * configured across the audited link are seen on every transport, DNS included. In lockdown mode
 * (docs/device.md) the one connection is the configured backend's, across the link.
 */
class AirGapAuditEndToEndTest {
    private static final String DEVICE = "audit-device";
    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void withBackendAndReceiverOnTheBoxGatewayAndAgentSendNothingOutOfTheNamespace(@TempDir Path dir) throws Exception {
        List<JavaProcess> processes = new ArrayList<>();
        try (NetworkAudit audit = NetworkAudit.start()) {
            JavaProcess backend = started(processes, audit.inside(JavaProcess.of("toolkit", EchoBackendMain.class.getName(), "0")));
            int backendPort = port(backend, "echo-backend ready port=(\\d+)");
            Path gw = gateway(dir.resolve("gateway"), "auto", Map.of("/it", "http://127.0.0.1:" + backendPort + "/"));
            JavaProcess gateway = started(processes, audit.inside(JavaProcess.gateway("--config", gw.toString())));
            Matcher ready = gateway.awaitLine("outpost-gateway ready http=127\\.0\\.0\\.1:(\\d+) .* transport=(\\S+)", START);
            assertEquals("io_uring", ready.group(2), "the audit is meant to cover io_uring, the default transport");
            JavaProcess receiver = started(processes, audit.inside(JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain",
                    "serve", "--port", "0", "--data", dir.resolve("received").toString())));
            int receiverPort = port(receiver, "outpost-mgmt ready http=127\\.0\\.0\\.1:(\\d+)");
            Path updateKey = Files.writeString(dir.resolve("update.pub.jwk"), Ed25519Key.generate().publicKey().toJson());
            Path sync = syncYaml(dir, dir.resolve("gateway/state/journal"), "http://127.0.0.1:" + receiverPort,
                    "updates:\n  publicKey: " + updateKey + "\n  pollIntervalSeconds: 1\n");
            JavaProcess agent = started(processes, audit.inside(JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run",
                    "--config", sync.toString(), "--admin-port", "0")));
            agent.awaitLine("outpost-sync ready", START);

            JavaProcess.Result probe = probe(audit, "http://127.0.0.1:" + ready.group(1) + "/it/hello", 30);
            assertTrue(probe.output().contains("probe done 200=30"), probe.output());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> storedEvents(dir.resolve("received")) >= 30);
            for (JavaProcess p : List.of(agent, gateway, receiver, backend)) {
                p.stop(); // their shutdown is audited too
            }

            AuditReport report = audit.report();
            System.out.println("[measure] everything on the box, gateway on " + ready.group(2) + ": " + report);
            assertTrue(report.silent(), report.toString());
        } finally {
            processes.forEach(JavaProcess::close);
        }
    }

    @Test
    void targetsAcrossTheLinkAreSeenOnEveryTransportAndDnsSoTheAuditCanFail(@TempDir Path dir) throws Exception {
        List<JavaProcess> processes = new ArrayList<>();
        try (NetworkAudit audit = NetworkAudit.start()) {
            // A receiver across the audited link: the agent's uplink really works, and is seen.
            JavaProcess receiver = started(processes, audit.outside(JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain",
                    "serve", "--bind", OUTSIDE_V4, "--port", "0", "--data", dir.resolve("received").toString())));
            int receiverPort = port(receiver, "outpost-mgmt ready http=" + OUTSIDE_V4.replace(".", "\\.") + ":(\\d+)");
            // One gateway per transport, each with backends across the link (nothing listens there).
            List<String> transports = List.of("io_uring", "epoll", "nio");
            List<String> urls = new ArrayList<>();
            for (int t = 0; t < transports.size(); t++) {
                int base = 9111 + 10 * t;
                Map<String, String> apis = new java.util.TreeMap<>(Map.of(
                        "/v4", "http://" + OUTSIDE_V4 + ":" + base + "/",
                        "/v6", "http://[" + OUTSIDE_V6 + "]:" + (base + 1) + "/"));
                if (t == 0) {
                    apis.put("/dns", "http://backend.outpost-audit.invalid:" + (base + 2) + "/");
                }
                Path gw = gateway(dir.resolve("gateway-" + transports.get(t)), transports.get(t), apis);
                JavaProcess gateway = started(processes, audit.inside(JavaProcess.gateway("--config", gw.toString())));
                Matcher ready = gateway.awaitLine("outpost-gateway ready http=127\\.0\\.0\\.1:(\\d+) .* transport=(\\S+)", START);
                assertEquals(transports.get(t), ready.group(2));
                apis.keySet().forEach(api -> urls.add("http://127.0.0.1:" + ready.group(1) + api + "/hello"));
            }
            Path sync = syncYaml(dir, dir.resolve("gateway-io_uring/state/journal"), "http://" + OUTSIDE_V4 + ":" + receiverPort, "");
            JavaProcess agent = started(processes, audit.inside(JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run",
                    "--config", sync.toString(), "--admin-port", "0")));
            agent.awaitLine("outpost-sync ready", START);
            for (String url : urls) {
                JavaProcess.Result probe = probe(audit, url, 1);
                assertTrue(probe.output().contains("probe done 5"), url + " answered by the gateway, not the backend:\n" + probe.output());
            }

            List<String> expected = List.of(OUTSIDE_V4 + " tcp/9111", OUTSIDE_V6 + " tcp/9112", OUTSIDE_V4 + " udp/53",
                    OUTSIDE_V4 + " tcp/9121", OUTSIDE_V6 + " tcp/9122", OUTSIDE_V4 + " tcp/9131", OUTSIDE_V6 + " tcp/9132",
                    OUTSIDE_V4 + " tcp/" + receiverPort);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                AuditReport r = audit.report();
                return expected.stream().allMatch(e -> saw(r, e)) && storedEvents(dir.resolve("received")) >= 3;
            });
            AuditReport report = audit.report();
            System.out.println("[measure] targets across the link: " + report);
            assertTrue(report.packetsLeaving() > 0 && report.framesArriving() > 0, report.toString());
            assertEquals(List.of(), report.outside(NetworkAudit.TEST_NETWORKS),
                    "only addresses in the test's own namespaces were targeted: " + report);
        } finally {
            processes.forEach(JavaProcess::close);
        }
    }

    /**
     * Lockdown (docs/device.md, "Lockdown mode"): gateway and agent with {@code lockdown: true}, the
     * agent's whole life (run, status, export, import) inside, traffic served by a backend across the
     * audited link so that its connection is seen: it must be the only destination, and no DNS.
     */
    @Test
    void inLockdownTheConfiguredBackendIsTheOnlyDestinationWhileTrafficIsServedExportedAndBundlesImported(@TempDir Path dir)
            throws Exception {
        List<JavaProcess> processes = new ArrayList<>();
        try (NetworkAudit audit = NetworkAudit.start()) {
            // Any HTTP server across the link will do as the backend: the reference receiver binds to the link's address.
            JavaProcess backend = started(processes, audit.outside(JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain",
                    "serve", "--bind", OUTSIDE_V4, "--port", "0", "--data", dir.resolve("backend-data").toString())));
            int backendPort = port(backend, "outpost-mgmt ready http=" + OUTSIDE_V4.replace(".", "\\.") + ":(\\d+)");
            Path gw = gateway(dir.resolve("gateway"), "auto", Map.of("/it", "http://" + OUTSIDE_V4 + ":" + backendPort + "/api/v1/"),
                    "/stats", "lockdown: true\n");
            JavaProcess gateway = started(processes, audit.inside(JavaProcess.gateway("--config", gw.toString())));
            Matcher ready = gateway.awaitLine("outpost-gateway ready http=127\\.0\\.0\\.1:(\\d+) .* transport=(\\S+) lockdown=on", START);
            assertEquals("io_uring", ready.group(2), "the audit is meant to cover io_uring, the default transport");

            Ed25519Key updateKey = Ed25519Key.generate();
            Path keyFile = Files.writeString(dir.resolve("update.jwk"), updateKey.toJson());
            Path publicKey = Files.writeString(dir.resolve("update.pub.jwk"), updateKey.publicKey().toJson());
            Path sync = Files.writeString(dir.resolve("sync.yaml"), "lockdown: true\njournal: %s\nstateDir: %s\nupdates:\n  publicKey: %s\n"
                    .formatted(dir.resolve("gateway/state/journal"), dir.resolve("gateway/state"), publicKey));
            JavaProcess.Result run = inside(audit, "run", "--config", sync.toString(), "--admin-port", "0");
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("outpost-sync lockdown: no network"), run.output());

            JavaProcess.Result probe = probe(audit, "http://127.0.0.1:" + ready.group(1) + "/it/stats", 20);
            assertTrue(probe.output().contains("probe done 200=20"), "answered by the backend:\n" + probe.output());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JavaProcess.Result status = inside(audit, "status", "--config", sync.toString());
                return status.output().contains("mode:          lockdown: no network") && status.output().contains("backlog:       20 events");
            });
            JavaProcess.Result export = inside(audit, "export", "--config", sync.toString(), "--to", dir.resolve("usb").toString());
            assertTrue(export.exitCode() == 0 && export.output().contains("exported 20 events"), export.output());

            Path content = Files.writeString(dir.resolve("revocations.json"), "[{\"jti\":\"jti-1\",\"expiresAt\":\"2100-01-01T00:00:00Z\"}]");
            JavaProcess.Result publish = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "bundle", "publish", "--type",
                    "revocations", "--content", content.toString(), "--key", keyFile.toString(), "--to", dir.resolve("usb").toString())
                    .run(START);
            assertEquals(0, publish.exitCode(), publish.output());
            JavaProcess.Result imported = inside(audit, "import", "--config", sync.toString(), "--from", dir.resolve("usb").toString());
            assertTrue(imported.exitCode() == 0 && imported.output().contains("1 bundle files, 0 refused"), imported.output());
            gateway.stop(); // its shutdown is audited too

            AuditReport report = audit.report();
            System.out.println("[measure] lockdown, backend across the link: " + report);
            assertTrue(report.saw(OUTSIDE_V4, "tcp", backendPort), report.toString());
            assertEquals(List.of(), report.destinations().stream()
                    .filter(d -> !(d.address().equals(OUTSIDE_V4) && d.protocol().equals("tcp") && d.port() == backendPort)).toList(),
                    "nothing but the configured backend: " + report);
        } finally {
            processes.forEach(JavaProcess::close);
        }
    }

    // ---- parts ------------------------------------------------------------------------------------

    private static boolean saw(AuditReport report, String expected) {
        String[] parts = expected.split("[ /]");
        return report.saw(parts[0], parts[1], Integer.parseInt(parts[2]));
    }

    private static JavaProcess started(List<JavaProcess> processes, JavaProcess.Spec spec) throws IOException {
        JavaProcess p = spec.start();
        processes.add(p);
        return p;
    }

    private static int port(JavaProcess p, String readyRegex) {
        return Integer.parseInt(p.awaitLine(readyRegex, START).group(1));
    }

    /** {@code outpost sync ARGS} run to its end inside the audited namespace. */
    private static JavaProcess.Result inside(NetworkAudit audit, String... args) throws Exception {
        return audit.inside(JavaProcess.of("sync", "io.outpost.sync.SyncMain", args)).run(Duration.ofSeconds(60));
    }

    private static JavaProcess.Result probe(NetworkAudit audit, String url, int count) throws Exception {
        return audit.inside(JavaProcess.of("toolkit", HttpProbe.class.getName(), url, Integer.toString(count)))
                .run(Duration.ofSeconds(60));
    }

    /** A gateway directory: an artifact with one open API per base path (GET /hello to its endpoint), gateway.yaml. */
    private static Path gateway(Path dir, String transport, Map<String, String> endpointByBasePath) throws IOException {
        return gateway(dir, transport, endpointByBasePath, "/hello", "");
    }

    /** The same with another resource path, and lines added at the top of gateway.yaml. */
    private static Path gateway(Path dir, String transport, Map<String, String> endpointByBasePath, String resource,
                                String extraYaml) throws IOException {
        Files.createDirectories(dir);
        List<ApiDefinition> apis = new ArrayList<>();
        endpointByBasePath.forEach((basePath, url) -> {
            EndpointConfig endpoint = new EndpointConfig(null, null, List.of(url), null, null);
            Resource get = new Resource(resource, "GET", null, null, null, null, null, null, List.of(), null, null, null,
                    null, null, null);
            String name = "api" + basePath.replace('/', '-');
            apis.add(new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", endpoint, null, null, null, true, null, null,
                    null, null, null, null, null, null, null, List.of(get)));
        });
        TestArtifacts.write(dir, "audit", apis);
        return Files.writeString(dir.resolve("gateway.yaml"), extraYaml + """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0}
                artifact: audit-1.0.0.outpost
                stateDir: state
                transport: %s
                trust:
                  publisherKeys: [publisher.pub.jwk]
                analytics:
                  deviceId: %s
                """.formatted(transport, DEVICE));
    }

    private static Path syncYaml(Path dir, Path journal, String url, String extra) throws IOException {
        return SyncProcesses.syncYaml(dir.resolve("sync.yaml"), journal, dir.resolve("sync-state"), url, extra);
    }

    /** Whole lines in the receiver's event file (it may be appending right now). */
    private static long storedEvents(Path data) throws IOException {
        Path file = data.resolve("events").resolve(DEVICE + ".ndjson");
        if (!Files.exists(file)) {
            return 0;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return content.substring(0, content.lastIndexOf('\n') + 1).lines().count();
    }
}
