package io.outpost.gateway.updates;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.content.Blocking;
import io.outpost.common.bundle.content.BundleContents;
import io.outpost.common.bundle.content.OpaqueToken;
import io.outpost.common.bundle.content.Revocation;
import io.outpost.common.bundle.content.TrustKeys;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
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
 * again with the configured update key, checks its content against its type's schema, and applies
 * it only if its sequence is newer — a tampered, older or malformed file is refused and the applied
 * one stays. No restart: after a poll that applied something, the listener builds a new generation
 * (docs/security.md, "Trust bundles"). The files are the persisted state: a restart reads them again.
 */
public final class AppliedUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppliedUpdates.class);

    /** What the admin port shows for one type. */
    public record State(long sequence, String issuedAt, String lastRejection) {}

    /**
     * The parsed content of every applied bundle (empty where none is applied), read together.
     *
     * @param keys     null when no {@code keys} bundle is applied
     * @param blocking {@link Blocking#NONE} when no {@code blocking} bundle is applied
     */
    public record Contents(TrustKeys keys, List<Revocation> revocations, List<OpaqueToken> opaqueTokens, Blocking blocking) {}

    private record Seen(long modifiedMillis, long size, Object fileKey) {}

    /**
     * A verified bundle's sequence and its content, parsed once when applied. The JSON tree is not
     * kept: for a table of opaque tokens it is several times the size of what is parsed from it.
     */
    private record Applied(long sequence, Instant issuedAt, Object content) {}

    private final BundleStore store;
    private final Ed25519Key key;
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outpost-updates");
        t.setDaemon(true);
        return t;
    });

    /**
     * Verifying and reading a bundle takes about 12 times its size in heap for a moment (the JWS
     * copies and the JSON tree, measured): a 5.8 MB table of opaque tokens ran a 64 MB gateway out
     * of memory, and it would again at every start. So a bundle larger than a twentieth of the heap
     * (3.1 MB at -Xmx64m) is refused before it is read; the applied one stays.
     */
    public static long maxBundleBytes() {
        return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 20);
    }

    private final long maxBytes;

    /** @param key null when no update key is configured: every bundle is then refused */
    public AppliedUpdates(BundleStore store, Ed25519Key key) {
        this(store, key, maxBundleBytes());
    }

    AppliedUpdates(BundleStore store, Ed25519Key key, long maxBytes) {
        this.store = store;
        this.key = key;
        this.maxBytes = maxBytes;
    }

    /** Reads what is installed now (at start: the bundles applied before a restart), without watching yet. */
    public AppliedUpdates load() {
        refresh();
        return this;
    }

    /**
     * Keeps watching: the files are checked every {@code pollMillis} on this object's own thread
     * (never an event loop), and {@code onChange} runs there after each check that applied a
     * bundle. Nothing is applied between {@link #load} and this call, so a listener built from
     * {@link #contents} after load misses nothing.
     */
    public AppliedUpdates watch(long pollMillis, Runnable onChange) {
        poller.scheduleWithFixedDelay(() -> {
            if (refresh()) {
                try {
                    long start = System.nanoTime();
                    onChange.run();
                    log.info("applied update bundles in force: new generation built and swapped in {} ms",
                            (System.nanoTime() - start) / 1_000_000);
                } catch (RuntimeException e) {
                    log.error("applied update bundles could not take effect; the generation in force stays", e);
                }
            }
        }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Runs {@code task} on this object's thread every {@code pollMillis} too: the other files the
     * gateway watches (the HTTPS certificate and key) share the timer, and never run at the same
     * time as a generation built from bundles. {@code task} must not throw (it would not run again).
     */
    public void alsoPoll(long pollMillis, Runnable task) {
        poller.scheduleWithFixedDelay(task, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** @return whether a bundle was applied */
    boolean refresh() {
        boolean changed = false;
        for (String type : UpdateBundle.TYPES) {
            try {
                changed |= check(type);
            } catch (RuntimeException e) {
                log.warn("update bundle {}: {}", type, e.toString());
            }
        }
        return changed;
    }

    /** The content of the applied bundles; bundles are full snapshots, so each type's is all there is of it. */
    @SuppressWarnings("unchecked")
    public Contents contents() {
        Applied keys = applied.get(UpdateBundle.KEYS);
        Applied revocations = applied.get(UpdateBundle.REVOCATIONS);
        Applied tokens = applied.get(UpdateBundle.OPAQUE_TOKENS);
        Applied blocking = applied.get(UpdateBundle.BLOCKING);
        return new Contents(keys == null ? null : (TrustKeys) keys.content(),
                revocations == null ? List.of() : (List<Revocation>) revocations.content(),
                tokens == null ? List.of() : (List<OpaqueToken>) tokens.content(),
                blocking == null ? Blocking.NONE : (Blocking) blocking.content());
    }

    private boolean check(String type) {
        Seen now;
        try {
            BasicFileAttributes attrs = Files.readAttributes(store.path(type), BasicFileAttributes.class);
            now = new Seen(attrs.lastModifiedTime().toMillis(), attrs.size(), attrs.fileKey());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            rejections.put(type, "cannot read: " + e.getMessage());
            return false;
        }
        if (now.equals(seen.get(type))) {
            return false;
        }
        seen.put(type, now);
        if (key == null) {
            reject(type, "no update key is configured (trust.updateKey in gateway.yaml)");
            return false;
        }
        if (now.size() > maxBytes) {
            reject(type, "the file is " + now.size() + " bytes; this gateway applies bundles of up to " + maxBytes
                    + " bytes (a twentieth of its heap): publish fewer entries, or give the gateway more heap");
            return false;
        }
        try {
            UpdateBundle bundle = store.readVerified(type, key).orElse(null);
            if (bundle == null) {
                return false;
            }
            Applied current = applied.get(type);
            long currentSequence = current == null ? 0 : current.sequence();
            if (bundle.sequence() <= currentSequence) {
                if (bundle.sequence() < currentSequence) {
                    reject(type, "sequence " + bundle.sequence() + " is older than the applied " + currentSequence);
                }
                return false;
            }
            Object content = BundleContents.parse(type, bundle.content());
            applied.put(type, new Applied(bundle.sequence(), bundle.issuedAt(), content));
            rejections.remove(type);
            log.info("applied update bundle {} sequence {} issued {}", type, bundle.sequence(), bundle.issuedAt());
            return true;
        } catch (BundleException | IllegalArgumentException e) {
            reject(type, e.getMessage());
            return false;
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
            Applied a = applied.get(type);
            out.put(type, new State(a == null ? 0 : a.sequence(), a == null ? null : a.issuedAt().toString(),
                    rejections.get(type)));
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
