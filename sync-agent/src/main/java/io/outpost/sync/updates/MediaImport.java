package io.outpost.sync.updates;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code outpost sync import}: installs bundle files ({@code *.jws}, any folder layout) from
 * removable media with exactly the checks of the network path. Valid bundles are applied per type
 * in ascending sequence, so a stick holding a history of bundles ends with the newest installed
 * and older ones reported as not newer, not as errors.
 */
public final class MediaImport {
    /** @param refused true for a bundle that failed verification (tampered, wrong key, malformed) */
    public record FileResult(Path file, String type, long sequence, String outcome, boolean refused) {}

    private MediaImport() {}

    public static List<FileResult> run(Path dir, BundleStore store, Ed25519Key key) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 4)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jws") && Files.isRegularFile(p)).sorted().toList();
        }
        List<FileResult> results = new ArrayList<>();
        record Valid(Path file, byte[] bytes, UpdateBundle bundle) {}
        List<Valid> valid = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            try {
                valid.add(new Valid(f, bytes, UpdateBundles.verify(bytes, key)));
            } catch (BundleException e) {
                results.add(new FileResult(f, null, 0, "REFUSED (" + e.reason() + "): " + e.getMessage(), true));
            }
        }
        valid.sort(Comparator.comparing((Valid v) -> v.bundle().type()).thenComparingLong(v -> v.bundle().sequence()));
        for (Valid v : valid) {
            String type = v.bundle().type();
            long seq = v.bundle().sequence();
            try {
                BundleStore.Installed r = store.install(v.bytes(), key);
                results.add(new FileResult(v.file(), type, seq, r.outcome() == BundleStore.Outcome.INSTALLED
                        ? "installed (was " + (r.previousSequence() == 0 ? "none" : r.previousSequence()) + ")"
                        : "already installed", false));
            } catch (BundleException e) {
                boolean rollback = e.reason() == BundleException.Reason.ROLLBACK;
                results.add(new FileResult(v.file(), type, seq, rollback ? "skipped: " + e.getMessage()
                        : "REFUSED (" + e.reason() + "): " + e.getMessage(), !rollback));
            }
        }
        return results;
    }
}
