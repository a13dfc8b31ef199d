package io.outpost.provisioning.bundle;

import io.outpost.provisioning.pki.Validity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code outpost provision device} was asked for.
 *
 * @param csr             the device's certificate request (its key stays on the device), or null to
 *                        make the key here and ship it encrypted to {@code keyPassphrase}
 * @param jwtIssuers      issuer (the tokens' iss) to its JWKS file
 * @param updateBundles   signed update bundles ({@code outpost mgmt bundle publish}) installed as the initial lists
 * @param gpio            sync.yaml's gpio: settings (ledReady, ledBacklog, ledFault, button, debounceMillis); empty: no
 *                        GPIO. Install then also writes the agent's drop-in for GPIO access ({@link DropIns#GPIO}).
 */
public record DeviceRequest(String name, List<String> dns, List<String> ips, Path csr, char[] keyPassphrase,
                            Validity validity, Ports ports, String managementUrl, Path managementCa,
                            List<Path> clientCas, Map<String, Path> jwtIssuers, List<Path> updateBundles, Path artifact,
                            Map<String, Integer> gpio) {
    /** The gpio: keys sync.yaml knows (docs/device.md, "Status LEDs and button"). */
    public static final List<String> GPIO_KEYS = List.of("ledReady", "ledBacklog", "ledFault", "button", "debounceMillis");


    /** Listener ports; 0 = any free port (tests). A port below 1024 makes install add CAP_NET_BIND_SERVICE. */
    public record Ports(int http, int https, int admin, int syncAdmin) {
        public static final Ports DEFAULT = new Ports(9090, 9095, 9097, 9098);
    }
}
