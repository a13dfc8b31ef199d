package io.outpost.provisioning.bundle;

import io.outpost.common.artifact.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** {@code outpost provision inspect}: what a bundle holds, who signed it, and which certificates expire soon. */
public final class Inspection {
    private Inspection() {}

    /** @return how many certificates are expired or expire within {@code window} */
    public static int print(ProvisioningBundle b, String trust, Instant now, Duration window, PrintWriter out) throws IOException {
        Descriptor d = b.descriptor();
        out.println("bundle " + b.file());
        out.println("  device " + d.device() + ", made " + d.createdAt() + ", device key " + d.deviceKey());
        out.println("  signed by authority key " + b.content().signerKid() + " (" + trust + ")");
        out.println("  sha256 " + b.content().sha256());
        out.println("entries:");
        for (Manifest.Item item : b.content().manifest().entries()) {
            out.printf("  %-48s %8d bytes  sha256 %s%n", item.path(), item.size(), item.sha256());
        }
        out.println("certificates (flagged when expiring within " + window.toDays() + " days):");
        int flagged = 0;
        for (BundleCertificate c : BundleCertificate.all(b)) {
            String flag = "";
            if (c.expiredAt(now)) {
                flag = "  EXPIRED";
            } else if (c.expiresWithin(now, window)) {
                flag = "  EXPIRES IN " + Duration.between(now, c.notAfter()).toDays() + " DAYS";
            }
            flagged += flag.isEmpty() ? 0 : 1;
            out.println("  " + c.entry() + ": " + c.describe() + flag);
        }
        out.flush();
        return flagged;
    }
}
