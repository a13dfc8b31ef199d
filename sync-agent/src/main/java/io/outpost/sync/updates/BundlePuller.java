package io.outpost.sync.updates;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.sync.admin.AgentMetrics;
import io.outpost.sync.forward.ManagementClient;
import io.outpost.sync.wire.BatchFiles;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the management side for update bundles newer than the installed ones, per type, and
 * installs them into the gateway's state directory through {@link BundleStore}: verified with the
 * configured update-signing key, never older than what is installed, written atomically. A refused
 * bundle is logged once (not on every poll) and the installed one stays.
 */
public final class BundlePuller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BundlePuller.class);

    private final ManagementClient client;
    private final BundleStore store;
    private final Ed25519Key key;
    private final List<String> types;
    private final AgentMetrics metrics;
    private final Map<String, String> lastRefusedDigest = new HashMap<>();
    private boolean failing;

    public BundlePuller(ManagementClient client, BundleStore store, Ed25519Key key, List<String> types, AgentMetrics metrics) {
        this.client = client;
        this.store = store;
        this.key = key;
        this.types = types;
        this.metrics = metrics;
        for (String type : types) {
            metrics.bundleSequence(type, installedSequence(type));
        }
    }

    @Override
    public void run() {
        for (String type : types) {
            try {
                poll(type);
                if (failing) {
                    LOG.info("bundle updates reachable again");
                    failing = false;
                }
            } catch (IOException e) {
                if (!failing) {
                    LOG.warn("cannot fetch update bundles ({}); will try again at the next poll", e.toString());
                    failing = true;
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("bundle poll for {} failed", type, e);
            }
        }
    }

    void poll(String type) throws IOException, InterruptedException {
        long current = installedSequence(type);
        Optional<ManagementClient.Fetched> fetched = client.fetchBundle(type, current);
        if (fetched.isEmpty()) {
            return;
        }
        byte[] jws = fetched.get().body();
        try {
            BundleStore.Installed r = store.install(jws, key);
            if (!r.bundle().type().equals(type)) {
                LOG.warn("asked for {} bundles, received a {} bundle (sequence {}); installed it as {}",
                        type, r.bundle().type(), r.bundle().sequence(), r.bundle().type());
            }
            if (r.outcome() == BundleStore.Outcome.INSTALLED) {
                LOG.info("installed {} bundle sequence {} (was {}) into {}", r.bundle().type(), r.bundle().sequence(),
                        r.previousSequence() == 0 ? "none" : r.previousSequence(), store.path(r.bundle().type()));
                metrics.bundleInstalled(r.bundle().type(), r.bundle().sequence());
            }
            lastRefusedDigest.remove(type);
        } catch (BundleException e) {
            metrics.bundleRefused(type, e.reason().name().toLowerCase(java.util.Locale.ROOT));
            String digest = BatchFiles.sha256(jws);
            if (!digest.equals(lastRefusedDigest.put(type, digest))) {
                LOG.warn("refused {} bundle from {} ({}): {}; kept installed sequence {}", type, "management",
                        e.reason(), e.getMessage(), current == 0 ? "none" : current);
            }
        }
    }

    private long installedSequence(String type) {
        try {
            return store.current(type, key).map(UpdateBundle::sequence).orElse(0L);
        } catch (BundleException e) {
            LOG.warn("installed {} bundle does not verify ({}); asking for the latest", type, e.getMessage());
            return 0;
        }
    }
}
