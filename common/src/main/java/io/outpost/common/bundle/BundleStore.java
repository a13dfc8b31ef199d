package io.outpost.common.bundle;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The installed update bundles of one device: {@code <stateDir>/updates/<type>.jws}, each stored
 * exactly as received. Writers (the sync agent, {@code outpost sync import}) verify before writing
 * and never let an older sequence replace a newer one; readers (the gateway) verify again with
 * {@link #readVerified}, because a file on disk is only as trustworthy as its signature.
 */
public final class BundleStore {
    /** What {@link #install} did. */
    public enum Outcome { INSTALLED, ALREADY_CURRENT }

    /** @param previousSequence the sequence that was installed before, 0 when none */
    public record Installed(UpdateBundle bundle, Outcome outcome, long previousSequence) {}

    private final Path dir;

    public BundleStore(Path stateDir) {
        this.dir = stateDir.resolve("updates");
    }

    public Path directory() {
        return dir;
    }

    public Path path(String type) {
        if (!UpdateBundle.TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown bundle type '" + type + "'");
        }
        return dir.resolve(type + ".jws");
    }

    /** The installed bundle of {@code type}, verified with {@code key}; empty when none is installed. */
    public Optional<UpdateBundle> readVerified(String type, Ed25519Key key) throws BundleException {
        byte[] bytes = readFile(type);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            UpdateBundle bundle = UpdateBundles.verify(bytes, key);
            if (!bundle.type().equals(type)) {
                throw new BundleException(BundleException.Reason.MALFORMED,
                        "carries type '" + bundle.type() + "' but is stored as " + type);
            }
            return Optional.of(bundle);
        } catch (BundleException e) {
            throw new BundleException(e.reason(), path(type) + ": " + e.getMessage(), e);
        }
    }

    /** Same as {@link #readVerified}; the name callers use when asking "what do we have now". */
    public Optional<UpdateBundle> current(String type, Ed25519Key key) throws BundleException {
        return readVerified(type, key);
    }

    /**
     * Verifies {@code jws} with {@code key} and installs it atomically unless a bundle of the same
     * type with an equal or higher sequence is already installed (then the old one stays and
     * {@link BundleException.Reason#ROLLBACK} is thrown). Installing the very same bytes again is
     * {@link Outcome#ALREADY_CURRENT}, so re-importing the same media is harmless.
     */
    public Installed install(byte[] jws, Ed25519Key key) throws BundleException {
        UpdateBundle bundle = UpdateBundles.verify(jws, key);
        try {
            Files.createDirectories(dir);
            // One installer at a time across processes (the running agent and `sync import`), so the
            // compare-and-replace below cannot interleave and let a lower sequence win.
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                byte[] existing = readFile(bundle.type());
                long floor = existing == null ? 0 : installedSequence(existing, key);
                if (existing != null && Arrays.equals(stripLineEnd(existing), stripLineEnd(jws))) {
                    return new Installed(bundle, Outcome.ALREADY_CURRENT, floor);
                }
                if (bundle.sequence() <= floor) {
                    throw new BundleException(BundleException.Reason.ROLLBACK, bundle.type() + " bundle sequence "
                            + bundle.sequence() + " is not newer than the installed sequence " + floor + "; kept the installed one");
                }
                AtomicFiles.write(path(bundle.type()), jws);
                return new Installed(bundle, Outcome.INSTALLED, floor);
            }
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.IO, "cannot install " + bundle.type() + " bundle into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The sequence an installed file holds. A file that no longer verifies (say, signed by a
     * rotated-out key) still sets the floor from its payload: refusing to go back is the safer
     * mistake. Only an unreadable file sets no floor, so a torn file can always be repaired.
     */
    private static long installedSequence(byte[] existing, Ed25519Key key) {
        try {
            return UpdateBundles.verify(existing, key).sequence();
        } catch (BundleException e) {
            try {
                return UpdateBundles.unverifiedPayload(existing).sequence();
            } catch (BundleException | RuntimeException unreadable) {
                return 0;
            }
        }
    }

    private byte[] readFile(String type) throws BundleException {
        try {
            return Files.readAllBytes(path(type));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.IO, path(type) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] stripLineEnd(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        return end == b.length ? b : Arrays.copyOf(b, end);
    }
}
