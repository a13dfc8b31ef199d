package io.outpost.sync;

import io.outpost.common.systemd.SystemdNotifier;
import io.outpost.sync.config.SyncConfig;

/**
 * {@code run} under {@code lockdown: true} (docs/device.md, "Lockdown mode"): there is nothing to
 * run, since forwarding and bundle polling are the agent's only network work. It says so, tells
 * systemd it started (so the unit ends as inactive, not failed, and is not restarted) and exits 0,
 * holding no lock, so {@code export} and {@code import} are free to run.
 */
final class Lockdown {
    static final String WHAT = "lockdown: no network; forwarding and bundle polling are off."
            + " Events leave only with 'outpost sync export --to DIR', bundles arrive only with 'outpost sync import --from DIR'";

    private Lockdown() {}

    static int announce(SyncConfig config) {
        System.out.println("outpost-sync " + WHAT + " (" + config.source() + ": lockdown: true)");
        System.out.flush();
        try (SystemdNotifier systemd = SystemdNotifier.from(System.getenv())) {
            systemd.ready(WHAT);
            systemd.stopping();
        }
        return 0;
    }
}
