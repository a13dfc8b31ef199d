package io.outpost.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What this module's build made: the .deb and the .tar.gz (paths from the pom), and the checkout's units. */
final class Built {
    private Built() {}

    static Path deb() throws IOException {
        Path dir = Path.of(System.getProperty("outpost.packaging.dir", "target"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("outpost_.+_all\\.deb")).toList();
            if (debs.size() != 1) {
                throw new AssertionError("expected one outpost_<version>_all.deb in " + dir + ", found " + debs);
            }
            return debs.get(0);
        }
    }

    static Path tarball() {
        return Path.of(System.getProperty("outpost.packaging.tarball"));
    }

    /** The units the package must hold: every systemd/*.service the build packed. */
    static List<String> units() throws IOException {
        Path dir = Path.of(System.getProperty("outpost.packaging.units"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".service")).sorted().toList();
        }
    }

    static boolean root() {
        return "0".equals(Command.run("id", "-u").ok().stdout().strip());
    }
}
