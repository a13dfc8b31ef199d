package io.outpost.testing.netaudit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the audit needs: root (namespaces, nftables), {@code ip} and {@code nft}, and no nscd
 * (glibc would hand name lookups to it over a Unix socket, and it would resolve them from the host's
 * network namespace, unseen). Missing any of them fails the test in CI (the {@code CI} environment
 * variable, which .ci/run sets) and aborts it loudly elsewhere: never a silent skip.
 */
final class Prerequisites {
    private Prerequisites() {}

    static void require() {
        List<String> missing = problems();
        if (missing.isEmpty()) {
            return;
        }
        String message = "the network audit cannot run: " + String.join("; ", missing)
                + ". It needs root and the ip and nft tools (Debian: apt-get install iproute2 nftables; .ci/run installs them)";
        if (!System.getenv().getOrDefault("CI", "").isBlank()) {
            Assertions.fail(message + " [CI is set: failing]");
        }
        System.err.println("[network audit] NOT RUN: " + message);
        Assumptions.abort(message + " [not in CI: aborted, reported as skipped]");
    }

    static List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!root()) {
            problems.add("not running as root (uid 0)");
        }
        for (String tool : List.of("ip", "nft")) {
            if (Shell.find(tool).isEmpty()) {
                problems.add("'" + tool + "' not found on PATH, /usr/sbin or /sbin");
            }
        }
        for (String socket : List.of("/run/nscd/socket", "/var/run/nscd/socket")) {
            if (Files.exists(Path.of(socket))) {
                problems.add("nscd is running (" + socket + "): lookups through it would leave from the host's namespace, unseen; stop nscd");
                break;
            }
        }
        return problems;
    }

    private static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
