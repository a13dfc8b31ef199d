package io.outpost.gateway;

import java.util.List;

/**
 * Why the gateway cannot start (or a reload cannot be applied, or {@code --check} fails): the exit
 * code of {@link GatewayMain}'s table and the lines to print, each naming what to fix.
 */
final class StartupFailure extends Exception {
    private final int exitCode;
    private final List<String> lines;

    StartupFailure(int exitCode, String message) {
        this(exitCode, List.of(message));
    }

    StartupFailure(int exitCode, List<String> lines) {
        super(String.join("; ", lines));
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    int exitCode() {
        return exitCode;
    }

    List<String> lines() {
        return lines;
    }
}
