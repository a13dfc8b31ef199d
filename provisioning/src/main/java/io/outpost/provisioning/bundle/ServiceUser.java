package io.outpost.provisioning.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The service user {@code outpost} as the root being installed into knows it (its own
 * /etc/passwd and /etc/group, as dpkg --root does), and whether this process may hand files to it.
 */
record ServiceUser(int uid, int gid) {
    static final String NAME = "outpost";

    static Optional<ServiceUser> in(Path root) throws IOException {
        Integer uid = id(root.resolve("etc/passwd"), 2);
        Integer gid = id(root.resolve("etc/group"), 2);
        return uid == null || gid == null ? Optional.empty() : Optional.of(new ServiceUser(uid, gid));
    }

    /** Adds a note when {@code group} is not in the root's /etc/group: a unit naming it in SupplementaryGroups= would not start. */
    static void noteMissingGroup(Path root, String group, java.util.List<String> notes) throws IOException {
        Path file = root.resolve("etc/group");
        boolean found = Files.isRegularFile(file) && Files.readAllLines(file).stream().anyMatch(l -> l.startsWith(group + ":"));
        if (!found) {
            notes.add("no group '" + group + "' in " + file + ": outpost-sync will not start with the GPIO drop-in until it "
                    + "exists and owns the GPIO files (Raspberry Pi OS has it; elsewhere: groupadd --system " + group
                    + " and a udev rule, docs/device.md)");
        }
    }

    static boolean weAreRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Integer id(Path file, int field) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(":", -1);
            if (f.length > field && f[0].equals(NAME)) {
                return Integer.valueOf(f[field]);
            }
        }
        return null;
    }
}
