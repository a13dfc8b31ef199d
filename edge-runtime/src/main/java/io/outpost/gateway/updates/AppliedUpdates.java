package io.outpost.gateway.updates;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update bundles the gateway has applied, per type. The sync agent (or {@code outpost sync
 * import}) writes {@code <stateDir>/updates/<type>.jws}; this notices a changed file, verifies it
 * again with the configured update key, and applies it only if its sequence is newer — a tampered
 * or older file is refused and the applied one stays. No restart. Enforcing the bundles' content
 * is the security stage's work; here they are verified and their sequences reported.
 */
public final class AppliedUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppliedUpdates.class);

    /** What the admin port shows for one type. */
    public record State(long sequence, String issuedAt, String lastRejection) {}

    private record Seen(long modifiedMillis, long size, Object fileKey) {}

    private final BundleStore store;
    private final Ed25519Key key;
    private final Map<String, UpdateBundle> applied = new ConcurrentHashMap<>();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outpost-updates");
        t.setDaemon(true);
        return t;
    });

    /** @param key null when no update key is configured: every bundle is then refused */
    public AppliedUpdates(BundleStore store, Ed25519Key key) {
        this.store = store;
        this.key = key;
    }

    /** Reads what is installed now, then keeps watching (file checks run on their own thread, never an event loop). */
    public AppliedUpdates start(long pollMillis) {
        refresh();
        poller.scheduleWithFixedDelay(this::refresh, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    void refresh() {
        for (String type : UpdateBundle.TYPES) {
            try {
                check(type);
            } catch (RuntimeException e) {
                log.warn("update bundle {}: {}", type, e.toString());
            }
        }
    }

    private void check(String type) {
        Seen now;
        try {
            BasicFileAttributes attrs = Files.readAttributes(store.path(type), BasicFileAttributes.class);
            now = new Seen(attrs.lastModifiedTime().toMillis(), attrs.size(), attrs.fileKey());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            rejections.put(type, "cannot read: " + e.getMessage());
            return;
        }
        if (now.equals(seen.get(type))) {
            return;
        }
        seen.put(type, now);
        if (key == null) {
            reject(type, "no update key is configured (trust.updateKey in gateway.yaml)");
            return;
        }
        try {
            UpdateBundle bundle = store.readVerified(type, key).orElse(null);
            if (bundle == null) {
                return;
            }
            UpdateBundle current = applied.get(type);
            if (current != null && bundle.sequence() <= current.sequence()) {
                if (bundle.sequence() < current.sequence()) {
                    reject(type, "sequence " + bundle.sequence() + " is older than the applied " + current.sequence());
                }
                return;
            }
            applied.put(type, bundle);
            rejections.remove(type);
            log.info("applied update bundle {} sequence {} issued {}", type, bundle.sequence(), bundle.issuedAt());
        } catch (BundleException e) {
            reject(type, e.getMessage());
        }
    }

    private void reject(String type, String reason) {
        rejections.put(type, reason);
        log.warn("refusing update bundle {}: {} (keeping {})", type, reason,
                applied.containsKey(type) ? "sequence " + applied.get(type).sequence() : "none");
    }

    /** The applied sequence per type (0 when none) and the last refusal, for the admin port. */
    public Map<String, State> snapshot() {
        Map<String, State> out = new TreeMap<>();
        for (String type : UpdateBundle.TYPES) {
            UpdateBundle b = applied.get(type);
            out.put(type, new State(b == null ? 0 : b.sequence(), b == null ? null : b.issuedAt().toString(),
                    rejections.get(type)));
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
