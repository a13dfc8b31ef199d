package io.outpost.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launchers, started as the Type=notify units start them (NOTIFY_SOCKET, STATE_DIRECTORY,
 * WATCHDOG_USEC), tell a datagram socket this test binds that they are ready. The first vm-test run
 * installed a .deb packed from stale module jars (no io.outpost.common.systemd in it): both services
 * printed their ready lines and systemd, never told, timed the start out at 90 s. The in-JVM
 * SystemdNotifierTest cannot see that; this runs exactly the jars and scripts the .deb holds.
 */
class PackagedNotifyTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void extract() throws IOException {
        Command.run("dpkg-deb", "-x", Built.deb().toString(), root.toString()).ok();
    }

    @Test
    void theAgentSaysReadyWatchdogAndStopping(@TempDir Path tmp) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path yaml = Files.writeString(tmp.resolve("sync.yaml"), "stateDir: " + state + "\njournal: " + state.resolve("journal")
                + "\nadmin: {host: 127.0.0.1, port: 0}\nmanagement: {url: \"http://127.0.0.1:9\"}\n");
        expectNotifications(tmp, state, "outpost-sync", "run", "--config", yaml.toString());
    }

    @Test
    void theGatewaySaysReadyWatchdogAndStopping(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        Files.writeString(tmp.resolve("api.yaml"), "openapi: 3.0.3\ninfo: {title: NotifyTest, version: 1.0.0}\n"
                + "x-wso2-basePath: /n/v1\nx-wso2-production-endpoints:\n  urls: [http://127.0.0.1:9]\n"
                + "x-wso2-disable-security: true\npaths:\n  /hello:\n    get:\n      responses: {\"200\": {description: hello}}\n");
        // The artifact and its publisher key from the checkout's toolkit (the authoring machine's: the
        // package holds no toolkit), as vm-test provisions them.
        Path toolkitCli = Path.of(System.getProperty("outpost.packaging.dir", "target")).toAbsolutePath().getParent().getParent()
                .resolve("outpost");
        Map<String, String> toolkit = Map.of("OUTPOST_HOME", home.toString());
        Command.run(toolkit, "sh", "-c", "cd '" + tmp + "' && '" + toolkitCli + "' init napi -a api.yaml && '" + toolkitCli
                + "' build napi").ok();
        Path artifact;
        Path publisherKey;
        try (var found = Files.list(tmp.resolve("napi/target"))) {
            artifact = found.filter(p -> p.toString().endsWith(".outpost")).findFirst().orElseThrow();
        }
        try (var found = Files.walk(home)) {
            publisherKey = found.filter(p -> p.getFileName().toString().startsWith("publisher") && p.toString().contains(".pub"))
                    .findFirst().orElseThrow();
        }
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path yaml = Files.writeString(tmp.resolve("gateway.yaml"), "listeners:\n  http: {host: 127.0.0.1, port: 0}\n"
                + "admin: {host: 127.0.0.1, port: 0}\nartifact: " + artifact + "\nstateDir: " + state
                + "\ntrust:\n  publisherKeys:\n    - " + publisherKey + "\n");
        expectNotifications(tmp, state, "outpost-gateway", "--config", yaml.toString());
    }

    private static void expectNotifications(Path tmp, Path state, String launcher, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(bin(launcher).toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("OUTPOST_SHARE", share().toString());
        pb.environment().put("OUTPOST_CDS_DIR", root.resolve("var/cache/outpost").toString());
        try (Receiver systemd = new Receiver(tmp.resolve("notify").toString())) {
            pb.environment().put("NOTIFY_SOCKET", tmp.resolve("notify").toString());
            pb.environment().put("STATE_DIRECTORY", state.toString());
            pb.environment().put("WATCHDOG_USEC", "2000000"); // WATCHDOG=1 every second
            Process p = pb.start();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> systemd.received().stream().anyMatch(m -> m.startsWith("READY=1\n"))
                        || !p.isAlive());
                assertTrue(systemd.received().stream().anyMatch(m -> m.startsWith("READY=1\nSTATUS=")), () -> what(tmp, systemd));
                await().atMost(Duration.ofSeconds(30)).until(() -> systemd.received().contains("WATCHDOG=1") || !p.isAlive());
                assertTrue(systemd.received().contains("WATCHDOG=1"), () -> what(tmp, systemd));
                p.destroy(); // SIGTERM, as systemctl stop
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> what(tmp, systemd));
                assertTrue(systemd.received().contains("STOPPING=1"), () -> what(tmp, systemd));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static Path bin(String launcher) {
        return root.resolve("usr/bin").resolve(launcher);
    }

    private static Path share() {
        return root.resolve("usr/share/outpost");
    }

    private static String what(Path tmp, Receiver systemd) {
        try {
            return "received " + systemd.received() + "\nstdout: " + Files.readString(tmp.resolve("stdout")) + "\nstderr: "
                    + Files.readString(tmp.resolve("stderr"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** systemd's end of NOTIFY_SOCKET: a real AF_UNIX datagram socket (Java 17 has none), read without blocking. */
    private static final class Receiver implements AutoCloseable {
        private final Socket socket;
        private final List<String> received = new ArrayList<>();

        Receiver(String path) throws IOException {
            Epoll.ensureAvailability();
            socket = Socket.newSocketDomainDgram();
            socket.bind(new DomainSocketAddress(path));
        }

        synchronized List<String> received() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            DomainDatagramSocketAddress from;
            while ((from = socket.recvFromDomainSocket(buffer.clear(), 0, buffer.capacity())) != null) {
                byte[] bytes = new byte[from.receivedAmount()];
                buffer.get(0, bytes);
                received.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return List.copyOf(received);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
