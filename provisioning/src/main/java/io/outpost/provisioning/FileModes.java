package io.outpost.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** File modes of private keys: checked before a key is used, so a key others could read is never trusted silently. */
public final class FileModes {
    public static final String PRIVATE = "rw-------";

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {}

    /** Refuses a private key file that anyone but its owner may read or write. */
    public static void requireOwnerOnly(Path file) throws ProvisioningException, IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new ProvisioningException(file + ": a private key with mode " + octal(perms)
                    + ", readable or writable by others; it may have been copied", "chmod 600 " + file
                    + " if you are sure no one else read it; otherwise treat the key as lost and make a new one");
        }
    }

    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    public static Set<PosixFilePermission> parse(String rwx) {
        return PosixFilePermissions.fromString(rwx);
    }
}
