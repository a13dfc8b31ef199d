package io.outpost.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the shared folder are, as Maven passes them to every test JVM. */
public final class Paths {
    private Paths() {}

    public static Path root() {
        String root = System.getProperty("outpost.root");
        if (root == null) {
            throw new IllegalStateException("system property outpost.root is not set; run the tests through Maven");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** The shared folder beside the project; its absence fails the test (CI always has it). */
    public static Path shared() {
        String shared = System.getProperty("outpost.shared");
        if (shared == null) {
            throw new IllegalStateException("system property outpost.shared is not set; run the tests through Maven");
        }
        Path p = Path.of(shared).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("peer-samples/wso2-openapi"))) {
            throw new IllegalStateException("shared folder with peer-samples/wso2-openapi not found at " + p
                    + " (it sits beside the project checkout; CI always provides it)");
        }
        return p;
    }

    public static Path peerSamples() {
        return shared().resolve("peer-samples/wso2-openapi");
    }
}
