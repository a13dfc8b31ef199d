package io.outpost.provisioning.bundle;

import io.outpost.provisioning.ProvisioningException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;

/** The device certificate's subject alternative names: what clients check the host name against. */
final class SubjectNames {
    private SubjectNames() {}

    static List<GeneralName> of(DeviceRequest r) throws ProvisioningException {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : r.dns()) {
            if (!dns.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*")) {
                throw new ProvisioningException("--dns " + dns + ": not a host name", "give a name such as gw7.site.example");
            }
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : r.ips()) {
            try {
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            } catch (IllegalArgumentException e) {
                throw new ProvisioningException("--ip " + ip + ": not an IPv4 or IPv6 address", "give a literal address such as 192.0.2.7");
            }
        }
        if (names.isEmpty()) {
            // A certificate with no SAN is refused by every modern client; the device name is the likeliest host name.
            names.add(new GeneralName(GeneralName.dNSName, r.name()));
        }
        return names;
    }
}
