package io.outpost.sync;

import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.forward.ManagementClient;
import io.outpost.sync.forward.Pacer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code outpost sync --check}: verifies what {@code run} would start with (sync.yaml, the
 * management URL and its TLS files and token, the update key, the state directory, the admin
 * port) and prints what would run; binds nothing (the admin port is bound and released at once),
 * writes nothing, takes no lock, connects to no one. A port held by the running agent (its
 * {@code /health} answers as the agent's) is reported, not an error.
 */
final class SyncCheck {
    /** The admin port is held by another process (as the gateway's exit code for a port it cannot bind). */
    static final int EXIT_BIND = 5;

    private SyncCheck() {}

    static int run(SyncConfig config, PrintStream out, PrintStream err) {
        String where = config.source() == null ? "" : " in " + config.source();
        if (config.lockdown()) {
            out.println("lockdown   on: run forwards nothing and polls no bundles; export and import only");
            out.println("check passed");
            return 0;
        }
        if (config.management().url() == null) {
            err.println("outpost sync: management.url is required to run the agent" + where
                    + " (air-gapped sites use 'outpost sync export' instead)");
            return AgentCommand.EXIT_CONFIG;
        }
        try {
            new ManagementClient(config.management(), new Pacer(config.uploadBytesPerSecond())); // reads the TLS files
        } catch (IOException | RuntimeException e) {
            err.println("outpost sync: management (client certificate, key or trusted CA" + where + "): " + e.getMessage());
            return AgentCommand.EXIT_CONFIG;
        }
        Path token = config.management().bearerTokenFile();
        if (token != null && !Files.isReadable(token)) {
            err.println("outpost sync: management.bearerTokenFile" + where + ": " + token + " is not readable");
            return AgentCommand.EXIT_CONFIG;
        }
        if (config.updates().publicKey() != null) {
            try {
                Ed25519Key.read(config.updates().publicKey());
            } catch (KeyException e) {
                err.println("outpost sync: updates.publicKey" + where + ": " + e.getMessage());
                return AgentCommand.EXIT_CONFIG;
            }
        }
        String state = notWritable(config.stateDir());
        if (state != null) {
            err.println("outpost sync: stateDir" + where + ": " + config.stateDir() + " " + state);
            return AgentCommand.EXIT_CONFIG;
        }
        int code = 0;
        String busy = bindProblem(config.admin().host(), config.admin().port());
        if (busy != null) {
            if (runningAgentAt(config.admin().host(), config.admin().port())) {
                out.println("port " + config.admin().port() + " (admin.port) is held by the running Outpost sync agent:"
                        + " not a problem, a restart takes it over");
            } else {
                err.println("outpost sync: port " + config.admin().port() + " is in use (admin.port" + where
                        + ", or --admin-port): " + busy);
                code = EXIT_BIND;
            }
        }
        out.println("config     " + config.source());
        out.println("management " + config.management().url());
        out.println("journal    " + config.journal() + (Files.isDirectory(config.journal()) ? ""
                : " (not there yet: run waits for the gateway to create it)"));
        out.println("stateDir   " + config.stateDir());
        out.println("admin      " + config.admin().host() + ":" + config.admin().port());
        out.println("updates    " + (config.updates().publicKey() == null ? "off (no updates.publicKey)"
                : String.join(", ", config.updates().types())));
        out.println(code == 0 ? "check passed: the agent can start with this (nothing was bound or written)"
                : "check FAILED (exit " + code + ")");
        return code;
    }

    private static String notWritable(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return "cannot be created";
        }
        return Files.isWritable(existing) ? null : "is not writable by this user (" + existing + ")";
    }

    private static String bindProblem(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The agent's /health: {"status":"UP", "backlogEvents": …}. */
    @SuppressWarnings("unchecked")
    private static boolean runningAgentAt(String host, int port) {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        try {
            HttpURLConnection c = (HttpURLConnection) new URI("http", null, h, port, "/health", null, null).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(2_000);
            try (InputStream in = c.getInputStream()) {
                Map<String, Object> health = Json.read(in.readAllBytes(), Map.class);
                return "UP".equals(health.get("status")) && health.containsKey("backlogEvents");
            } finally {
                c.disconnect();
            }
        } catch (Exception e) {
            return false;
        }
    }
}
