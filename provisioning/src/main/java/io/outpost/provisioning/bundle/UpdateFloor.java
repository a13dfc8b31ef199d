package io.outpost.provisioning.bundle;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Re-provisioning never takes a device back: an installed update bundle with the same or a higher
 * sequence than the provisioning bundle's (the sync agent pulled a newer one) stays, the rule
 * {@code BundleStore} applies to every other installer.
 */
final class UpdateFloor {
    private UpdateFloor() {}

    static void keepNewer(Map<String, byte[]> files, Path root, List<String> notes) throws IOException {
        Ed25519Key key;
        try {
            key = Ed25519Key.fromJwkJson(new String(files.get(Layout.UPDATE_KEY), StandardCharsets.UTF_8));
        } catch (KeyException e) {
            return; // the bundle's own key was checked when it was made; nothing installed can be compared
        }
        for (Iterator<Map.Entry<String, byte[]>> it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, byte[]> f = it.next();
            Path installed = root.resolve(f.getKey());
            if (!f.getKey().startsWith(Layout.UPDATES_DIR) || !Files.isRegularFile(installed)) {
                continue;
            }
            try {
                long have = UpdateBundles.verify(Files.readAllBytes(installed), key).sequence();
                long offered = UpdateBundles.verify(f.getValue(), key).sequence();
                if (have >= offered && !java.util.Arrays.equals(Files.readAllBytes(installed), f.getValue())) {
                    it.remove();
                    notes.add(f.getKey() + ": kept the installed sequence " + have + " (the bundle has " + offered + ")");
                }
            } catch (BundleException e) {
                // the installed one no longer verifies (a rotated update key): the bundle's replaces it
            }
        }
    }
}
